import { Box, Typography } from '@material-ui/core';
import { UpgradeRequest } from '@runway/plugin-template-upgrades-common';
import { formatTime, requester } from '../utils/format';
import { ConflictFiles } from './ConflictFiles';
import { UpgradeRequestLink } from './UpgradeRequestLink';

/**
 * The newest upgrade request of a service: where it lives, the versions,
 * its conflicts, and who opened it when.
 */
export function UpgradeRequestSummary(props: { request?: UpgradeRequest }) {
  const { request } = props;
  if (!request) {
    return (
      <Typography variant="body2" color="textSecondary">
        none yet
      </Typography>
    );
  }
  return (
    <Box>
      <Typography variant="body2">
        <UpgradeRequestLink request={request} /> ({request.fromVersion} to{' '}
        {request.toVersion})
      </Typography>
      <Typography variant="caption" color="textSecondary" display="block">
        opened {formatTime(request.createdAt)} by {requester(request.createdBy)}
      </Typography>
      <Box mt={0.5}>
        <ConflictFiles conflicts={request.conflicts} />
      </Box>
    </Box>
  );
}
