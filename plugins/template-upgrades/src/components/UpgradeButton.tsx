import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Button } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { UpgradeResponse } from '@runway/plugin-template-upgrades-common';
import useAsyncFn from 'react-use/esm/useAsyncFn';
import { templateUpgradesApiRef } from '../api';
import { errorMessage } from '../utils/format';
import { UpgradeRequestLink } from './UpgradeRequestLink';

/**
 * "Upgrade to X": opens an upgrade request for one service and shows the
 * answer (opened, or already open) with its link, or the backend's reason
 * when it refused. Disabled while the request runs and once it is open.
 */
export function UpgradeButton(props: {
  entityRef: string;
  toVersion: string;
  onUpgraded?: (response: UpgradeResponse) => void;
}) {
  const { entityRef, toVersion, onUpgraded } = props;
  const api = useApi(templateUpgradesApiRef);
  const [state, upgrade] = useAsyncFn(async () => {
    const response = await api.upgrade(entityRef);
    onUpgraded?.(response);
    return response;
  }, [api, entityRef, onUpgraded]);
  const answer = state.value;
  return (
    <Box>
      <Button
        variant="contained"
        color="primary"
        disabled={state.loading || Boolean(answer)}
        onClick={() => upgrade()}
      >
        {state.loading
          ? `Upgrading to ${toVersion}…`
          : `Upgrade to ${toVersion}`}
      </Button>
      {answer && (
        <Box mt={1}>
          <Alert severity={answer.created ? 'success' : 'info'}>
            {answer.created
              ? `Opened an upgrade to ${answer.request.toVersion}: `
              : `An upgrade to ${answer.request.toVersion} was already open: `}
            <UpgradeRequestLink request={answer.request} />
          </Alert>
        </Box>
      )}
      {state.error && (
        <Box mt={1}>
          <Alert severity="error">
            The upgrade could not be opened: {errorMessage(state.error)}
          </Alert>
        </Box>
      )}
    </Box>
  );
}
