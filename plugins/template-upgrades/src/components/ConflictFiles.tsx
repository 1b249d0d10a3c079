import { Box, Chip, Typography } from '@material-ui/core';
import { ConflictFile } from '@runway/plugin-template-upgrades-common';
import { CONFLICT_REASONS, conflictsLabel } from '../utils/format';

/**
 * "clean" or "N conflicts" for an upgrade request, with each file left for a
 * person to resolve and why.
 */
export function ConflictFiles(props: { conflicts: ConflictFile[] }) {
  const { conflicts } = props;
  return (
    <Box>
      <Chip
        size="small"
        label={conflictsLabel(conflicts)}
        color={conflicts.length > 0 ? 'secondary' : 'default'}
        variant={conflicts.length > 0 ? 'default' : 'outlined'}
      />
      {conflicts.length > 0 && (
        <Box component="ul" m={0} mt={0.5} pl={2} aria-label="conflicts">
          {conflicts.map(c => (
            <li key={c.path}>
              <Typography variant="caption">
                <code>{c.path}</code>: {CONFLICT_REASONS[c.reason] ?? c.reason}
              </Typography>
            </li>
          ))}
        </Box>
      )}
    </Box>
  );
}
