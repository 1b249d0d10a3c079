import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  EmptyState,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  LogsResponse,
  WorkloadHealth,
  WorkloadsResponse,
} from '@runway/plugin-eks-common';
import { useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { eksApiRef } from '../api';
import { age } from '../utils/format';
import { ApplicationsCard, RolloutsTable } from './ArgoSections';
import { DataTable, VerdictChip } from './common';

function Logs(props: {
  entityRef: string;
  w: WorkloadHealth;
  pod: string;
  container?: string;
}) {
  const api = useApi(eksApiRef);
  const [state, setState] = useState<{
    loading?: boolean;
    logs?: LogsResponse;
    error?: Error;
  }>({});
  const load = async () => {
    setState({ loading: true });
    try {
      setState({
        logs: await api.getLogs(props.entityRef, {
          cluster: props.w.cluster,
          namespace: props.w.namespace,
          pod: props.pod,
          container: props.container,
        }),
      });
    } catch (e) {
      setState({ error: e as Error });
    }
  };
  return (
    <Box mt={1}>
      <Button
        size="small"
        variant="outlined"
        onClick={load}
        disabled={state.loading}
      >
        Last crash's logs of {props.pod}
      </Button>
      {state.error && (
        <Alert severity="info" style={{ marginTop: 4 }}>
          {state.error.message}
        </Alert>
      )}
      {state.logs && (
        <pre
          // opens at the end: the last lines before a crash say why
          ref={el => {
            if (el) el.scrollTop = el.scrollHeight;
          }}
          aria-label="container logs"
          style={{ maxHeight: 300, overflow: 'auto', fontSize: 12 }}
        >
          {state.logs.text || '(empty log)'}
        </pre>
      )}
    </Box>
  );
}

/** One environment's Deployments: revision, rollout state, replicas, image, last deploy. */
function DeploymentsTable(props: { w: WorkloadHealth; now: Date }) {
  const { w, now } = props;
  return (
    <DataTable
      label="deployments"
      head={[
        'Deployment',
        'Revision',
        'Rollout',
        'Ready',
        'Restarts',
        'Image',
        'Last deploy',
      ]}
      rows={w.deployments.map(d => [
        d.name,
        d.revision,
        d.rollout,
        `${d.ready}/${d.desired}`,
        d.restarts,
        d.image,
        d.lastDeploy
          ? `${age(d.lastDeploy, now)}${
              d.changeCause ? ` — ${d.changeCause}` : ''
            }`
          : undefined,
      ])}
    />
  );
}

function Workload(props: {
  entityRef: string;
  w: WorkloadHealth;
  canReadLogs: boolean;
  now: Date;
}) {
  const { w, now } = props;
  return (
    <InfoCard
      title={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <span>
            {w.environment ?? w.namespace} · {w.cluster}/{w.namespace}
          </span>
          <VerdictChip verdict={w.verdict} />
        </Box>
      }
    >
      {w.reasons.map((r, i) => (
        <Alert
          key={i}
          severity={r.severity === 'critical' ? 'error' : 'warning'}
          style={{ marginBottom: 4 }}
        >
          {r.message}
        </Alert>
      ))}
      {w.rollouts.length > 0 && (
        <>
          <Typography variant="subtitle2">Argo Rollouts</Typography>
          <RolloutsTable rollouts={w.rollouts} />
        </>
      )}
      {(w.deployments.length > 0 || w.rollouts.length === 0) && (
        <>
          <Typography
            variant="subtitle2"
            style={w.rollouts.length ? { marginTop: 8 } : undefined}
          >
            Deployments
          </Typography>
          <DeploymentsTable w={w} now={now} />
        </>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        Pods
      </Typography>
      <DataTable
        label="pods"
        head={['Pod', 'Revision', 'Phase', 'Ready', 'Restarts', 'Problem']}
        rows={w.pods.map(p => [
          p.name,
          p.revision,
          p.phase,
          p.ready ? 'yes' : 'no',
          p.restarts,
          p.problem ? <strong>{p.problem.reason}</strong> : undefined,
        ])}
      />
      {props.canReadLogs &&
        w.pods
          .filter(p => p.problem && p.problem.reason === 'CrashLoopBackOff')
          .slice(0, 1)
          .map(p => (
            <Logs
              key={p.name}
              entityRef={props.entityRef}
              w={w}
              pod={p.name}
              container={p.problem?.container}
            />
          ))}
      {w.hpas.length > 0 && (
        <>
          <Typography variant="subtitle2" style={{ marginTop: 8 }}>
            HorizontalPodAutoscaler
          </Typography>
          <DataTable
            label="hpa"
            head={[
              'HPA',
              'Replicas (current / desired)',
              'Min',
              'Max',
              'Status',
            ]}
            rows={w.hpas.map(h => [
              h.name,
              `${h.current} / ${h.desired}`,
              h.min,
              h.max,
              h.atMax
                ? `at max${h.limitedReason ? ` (${h.limitedReason})` : ''}`
                : 'within range',
            ])}
          />
        </>
      )}
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        Warning events, last hour
      </Typography>
      {w.events.length === 0 ? (
        <Typography variant="body2">none</Typography>
      ) : (
        <DataTable
          label="events"
          head={['Last seen', 'Object', 'Reason', 'Count', 'Message']}
          rows={w.events.map(e => [
            age(e.lastSeen, now),
            e.object,
            e.reason,
            e.count,
            e.message,
          ])}
        />
      )}
      <Typography variant="subtitle2" style={{ marginTop: 8 }}>
        Production-readiness checklist
      </Typography>
      <DataTable
        label="checklist"
        head={['Check', 'Result']}
        rows={w.checklist.map(c => [
          c.label,
          c.ok ? '✓ ok' : `✗ ${c.detail ?? 'missing'}`,
        ])}
      />
    </InfoCard>
  );
}

/** The entity Workloads tab: the verdict first, then each environment's workloads. */
export function EntityWorkloadsContent() {
  const { entity } = useEntity();
  const entityRef = stringifyEntityRef(entity);
  const api = useApi(eksApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => api.getWorkloads(entityRef),
    [api, entityRef],
  );
  // served from the backend's cache: refreshing adds no load on the clusters
  useInterval(retry, 15_000);
  const [now] = useState(() => new Date());
  if (!value && loading) return <Progress />;
  if (!value && error) return <ResponseErrorPanel error={error} />;
  const data = value as WorkloadsResponse;
  const { health } = data;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="h6">{entity.metadata.name} is</Typography>
          <VerdictChip verdict={health.verdict} size="medium" />
          <Typography variant="caption">
            as of {age(data.generatedAt, now)}
          </Typography>
        </Box>
        {health.reasons.length === 0 && health.workloads.length > 0 && (
          <Typography variant="body2">
            No problems in any environment.
          </Typography>
        )}
        {data.errors.map(e => (
          <Alert key={e.cluster} severity="error" style={{ marginTop: 4 }}>
            {e.cluster} could not be read ({e.kind}): {e.message}. Its workloads
            are missing here.
          </Alert>
        ))}
        {data.warnings.map(w => (
          <Alert
            key={`${w.cluster} ${w.resource}`}
            severity="info"
            style={{ marginTop: 4 }}
          >
            {w.resource} of {w.cluster} could not be read: {w.message}. They are
            missing here.
          </Alert>
        ))}
      </Grid>
      {health.applications.length > 0 && (
        <Grid item xs={12}>
          <ApplicationsCard applications={health.applications} now={now} />
        </Grid>
      )}
      {health.workloads.length === 0 ? (
        <Grid item xs={12}>
          <EmptyState
            missing="data"
            title="No workloads found"
            description={`No Deployment or Argo Rollout labelled backstage.io/kubernetes-id=${health.id} in any reachable cluster.`}
          />
        </Grid>
      ) : (
        health.workloads.map(w => (
          <Grid item xs={12} key={`${w.cluster}/${w.namespace}`}>
            <Workload
              entityRef={entityRef}
              w={w}
              canReadLogs={data.canReadLogs}
              now={now}
            />
          </Grid>
        ))
      )}
    </Grid>
  );
}
