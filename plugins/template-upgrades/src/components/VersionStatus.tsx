import { Box, Chip, Typography } from '@material-ui/core';
import { ServiceTemplateStatus } from '@runway/plugin-template-upgrades-common';

/**
 * The version a service records, with a "behind" chip when the template
 * has a newer one and "current" otherwise.
 */
export function VersionStatus(props: {
  status: Pick<ServiceTemplateStatus, 'version' | 'latestVersion' | 'behind'>;
  showLatest?: boolean;
}) {
  const { version, latestVersion, behind } = props.status;
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography variant="body2" component="span">
        {version}
      </Typography>
      <Chip
        size="small"
        label={behind ? 'behind' : 'current'}
        color={behind ? 'secondary' : 'default'}
        title={
          latestVersion
            ? `the template's latest version is ${latestVersion}`
            : 'Runway holds no version of this template'
        }
      />
      {props.showLatest && (
        <Typography variant="body2" component="span" color="textSecondary">
          {latestVersion ? `latest ${latestVersion}` : 'latest version unknown'}
        </Typography>
      )}
    </Box>
  );
}
