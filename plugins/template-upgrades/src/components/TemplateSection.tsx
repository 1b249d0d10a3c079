import { Box, Chip, Typography } from '@material-ui/core';
import { TemplateFleet } from '@runway/plugin-template-upgrades-common';
import { countBehind } from '../utils/format';
import { ServicesTable } from './ServicesTable';

/**
 * One template of the fleet: its name, versions and how many of its
 * services are behind, above the table of those services.
 */
export function TemplateSection(props: { template: TemplateFleet }) {
  const { template } = props;
  const total = template.services.length;
  const behind = countBehind(template.services);
  const title = template.title ?? template.templateRef;
  return (
    <Box component="section" mb={4} aria-label={title}>
      <Box display="flex" alignItems="baseline" flexWrap="wrap">
        <Typography variant="h5" component="h2" style={{ marginRight: 12 }}>
          {title}
        </Typography>
        <Typography variant="body2" color="textSecondary" component="code">
          {template.templateRef}
        </Typography>
      </Box>
      <Box
        display="flex"
        alignItems="center"
        flexWrap="wrap"
        my={1}
        style={{ gap: 16 }}
      >
        <Typography variant="body2">
          Latest version: <strong>{template.latestVersion ?? 'unknown'}</strong>
        </Typography>
        <Typography variant="body2" component="div">
          Archived versions:{' '}
          {template.archivedVersions.length === 0
            ? 'none'
            : template.archivedVersions.map(v => (
                <Chip
                  key={v}
                  size="small"
                  variant="outlined"
                  label={v}
                  style={{ marginRight: 4 }}
                />
              ))}
        </Typography>
        <Chip
          size="small"
          color={behind > 0 ? 'secondary' : 'default'}
          label={`${behind} of ${total} services behind`}
        />
      </Box>
      <ServicesTable services={template.services} />
    </Box>
  );
}
