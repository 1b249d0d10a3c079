import { useState } from 'react';
import {
  Box,
  Button,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import ExpandLessIcon from '@material-ui/icons/ExpandLess';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import { ServiceDrift } from '@runway/plugin-template-upgrades-common';
import { changeSummary, formatTime, plural } from '../utils/format';

/**
 * What a service changed since it was generated: how many files, a list
 * with added / modified / deleted that opens on demand, and when it was
 * compared.
 */
export function DriftFiles(props: { drift?: ServiceDrift }) {
  const { drift } = props;
  const [open, setOpen] = useState(false);
  if (!drift) {
    return (
      <Typography variant="body2" color="textSecondary">
        not compared yet
      </Typography>
    );
  }
  const files = drift.changedFiles;
  const checked = (
    <Typography variant="caption" color="textSecondary" display="block">
      compared {formatTime(drift.computedAt)} at {drift.commit.slice(0, 7)}
    </Typography>
  );
  if (files.length === 0) {
    return (
      <>
        <Typography variant="body2">no file changed</Typography>
        {checked}
      </>
    );
  }
  return (
    <>
      <Button
        size="small"
        onClick={() => setOpen(o => !o)}
        aria-expanded={open}
        endIcon={open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        style={{ textTransform: 'none', marginLeft: -4 }}
      >
        {plural(files.length, 'file')} changed
      </Button>
      <Typography variant="caption" color="textSecondary" display="block">
        {changeSummary(files)}
      </Typography>
      {checked}
      {open && (
        <List dense disablePadding aria-label="files changed">
          {files.map(f => (
            <ListItem key={f.path} disableGutters>
              <Box mr={1}>
                <Chip size="small" variant="outlined" label={f.change} />
              </Box>
              <ListItemText
                primary={f.path}
                primaryTypographyProps={{
                  variant: 'body2',
                  style: { fontFamily: 'monospace', wordBreak: 'break-all' },
                }}
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}
