import {
  Content,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Typography } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { templateUpgradesApiRef } from '../api';
import { errorStatus } from '../utils/format';
import { FleetView } from './FleetView';

/**
 * The Templates page: every template with the services made from it, the
 * version each is on, what each changed since it was generated and its
 * latest upgrade request.
 */
export function TemplatesPage() {
  const api = useApi(templateUpgradesApiRef);
  const { value, loading, error } = useAsync(() => api.getFleet(), [api]);
  let body;
  if (loading) {
    body = <Progress />;
  } else if (error && errorStatus(error) === 403) {
    body = (
      <WarningPanel
        title="You may not see the template fleet"
        defaultExpanded
        message="Seeing which template version each service is on needs the template-upgrades.read permission."
      />
    );
  } else if (error) {
    body = <ResponseErrorPanel error={error} />;
  } else {
    body = <FleetView fleet={value!} />;
  }
  return (
    <Content>
      <Box mb={3}>
        <Typography variant="subtitle1" color="textSecondary">
          Keep every service in step with the golden path: the template version
          each one was made from, what it changed since, and the upgrade
          requests that bring it to the latest version.
        </Typography>
      </Box>
      {body}
    </Content>
  );
}
