import { useMemo } from 'react';
import { InfoCard, Link } from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  ANNOTATION_GRAFANA_DASHBOARD,
  ANNOTATION_KUBERNETES_ID,
} from '@runway/plugin-eks-common';
import { readObservabilityConfig } from '../utils/observability/config';
import {
  DashboardLink,
  resolveDashboard,
} from '../utils/observability/dashboard';
import { buildLogLinks, LogLinks } from '../utils/observability/logs';

function Code(props: { children: string }) {
  return (
    <Typography
      component="code"
      variant="body2"
      style={{ fontFamily: 'monospace' }}
    >
      {props.children}
    </Typography>
  );
}

function Dashboard(props: { dashboard: DashboardLink }) {
  const d = props.dashboard;
  if (d.state === 'none') {
    return (
      <Typography variant="body2" color="textSecondary">
        No dashboard linked. Set the annotation{' '}
        <Code>{ANNOTATION_GRAFANA_DASHBOARD}</Code> to the dashboard's URL or
        UID.
      </Typography>
    );
  }
  if (d.state === 'refused') {
    return (
      <Alert severity="warning">
        Dashboard not linked: <Code>{d.value}</Code> — {d.reason}.
      </Alert>
    );
  }
  return (
    <Typography variant="body2">
      <Link to={d.url} target="_blank" rel="noopener noreferrer">
        Open dashboard
      </Link>{' '}
      on {new URL(d.url).host}
      <Typography variant="caption" color="textSecondary" display="block">
        {d.source === 'annotation'
          ? `from the annotation ${ANNOTATION_GRAFANA_DASHBOARD}`
          : 'by the dashboard UID convention (runway.observability.grafana.dashboardUid)'}
      </Typography>
    </Typography>
  );
}

function Logs(props: { logs: LogLinks | undefined }) {
  const { logs } = props;
  if (!logs) {
    return (
      <Typography variant="body2" color="textSecondary">
        No logs backend configured: an administrator sets{' '}
        <Code>runway.observability.logs</Code> (Loki, Kibana or CloudWatch) in
        app-config.
      </Typography>
    );
  }
  if (logs.state === 'refused') {
    return <Alert severity="warning">Logs not linked: {logs.reason}.</Alert>;
  }
  return (
    <>
      <Typography variant="caption" color="textSecondary" display="block">
        Last hour in {logs.tool}
      </Typography>
      {logs.links.map(l => (
        <Box key={l.environment} mt={1}>
          <Typography variant="body2">
            <Link
              to={l.url}
              target="_blank"
              rel="noopener noreferrer"
              aria-label={`${l.environment} logs`}
            >
              {l.environment}
            </Link>
          </Typography>
          <Typography
            variant="caption"
            color="textSecondary"
            component="pre"
            style={{
              margin: 0,
              whiteSpace: 'pre-wrap',
              wordBreak: 'break-word',
            }}
          >
            {l.query}
          </Typography>
        </Box>
      ))}
    </>
  );
}

/**
 * The Observability card of a service: its Grafana dashboard and its logs
 * per environment, as links (Runway reads nothing from these tools). Values
 * that are not safe to link are shown with the reason instead of a link.
 */
export function EntityObservabilityCard() {
  const { entity } = useEntity();
  const configApi = useApi(configApiRef);
  const { config, problems } = useMemo(
    () => readObservabilityConfig(configApi),
    [configApi],
  );
  const annotations = entity.metadata.annotations ?? {};
  const service = annotations[ANNOTATION_KUBERNETES_ID] ?? entity.metadata.name;
  const dashboard = resolveDashboard({
    annotation: annotations[ANNOTATION_GRAFANA_DASHBOARD],
    service,
    grafana: config.grafana,
  });
  const logs = config.logs
    ? buildLogLinks({
        backend: config.logs,
        service,
        environments: config.environments,
      })
    : undefined;
  return (
    <InfoCard title="Observability" subheader={`service ${service}`}>
      {problems.map(p => (
        <Box key={p} mb={1}>
          <Alert severity="error">Configuration: {p}</Alert>
        </Box>
      ))}
      <Typography variant="subtitle2">Dashboard</Typography>
      <Dashboard dashboard={dashboard} />
      <Box mt={2}>
        <Typography variant="subtitle2">Logs</Typography>
        <Logs logs={logs} />
      </Box>
    </InfoCard>
  );
}
