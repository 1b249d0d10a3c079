import {
  Content,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Grid,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ClusterResponse, ClustersResponse } from '@runway/plugin-eks-common';
import { useState } from 'react';
import { Route, Routes, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';
import { eksApiRef } from '../api';
import {
  age,
  formatBytes,
  formatCores,
  percent,
  supportLabel,
} from '../utils/format';
import { DataTable, SampleDataLabel, VerdictChip } from './common';

/** The backend answers from its cache: refreshing costs the clusters nothing. */
const REFRESH_MS = 15_000;

function useRefreshing<T>(fn: () => Promise<T>, deps: unknown[]) {
  const state = useAsyncRetry(fn, deps);
  useInterval(state.retry, REFRESH_MS);
  return state;
}

/** Every cluster at a glance, with its verdict and reasons. */
export function ClusterList() {
  const api = useApi(eksApiRef);
  const { value, loading, error } = useRefreshing(
    () => api.listClusters(),
    [api],
  );
  const [now] = useState(() => new Date());
  if (!value && loading) return <Progress />;
  if (!value && error) return <ResponseErrorPanel error={error} />;
  const data = value as ClustersResponse;
  return (
    <>
      {data.errors.map(e => (
        <Alert key={e.cluster} severity="error" style={{ marginBottom: 8 }}>
          {e.cluster}: {e.kind === 'not-synced' ? 'loading' : e.kind}.{' '}
          {e.message}
        </Alert>
      ))}
      {data.clusters.length === 0 && data.errors.length === 0 ? (
        <EmptyState
          missing="data"
          title="No clusters configured"
          description="Add clusters under eks.clusters in app-config, or enable eks.discovery."
        />
      ) : (
        <InfoCard
          title={
            <>Clusters {data.eksSource === 'sample' && <SampleDataLabel />}</>
          }
          subheader={`Data as of ${age(
            data.generatedAt,
            now,
          )}, from Runway's watch-backed cache`}
        >
          <Table size="small" aria-label="clusters">
            <TableHead>
              <TableRow>
                <TableCell>Cluster</TableCell>
                <TableCell>Verdict</TableCell>
                <TableCell>Nodes ready</TableCell>
                <TableCell>Pods</TableCell>
                <TableCell>CPU requested</TableCell>
                <TableCell>Memory requested</TableCell>
                <TableCell>Kubernetes</TableCell>
                <TableCell>Why</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.clusters.map(c => (
                <TableRow key={c.name}>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>
                    <Link to={c.name}>{c.name}</Link>
                    <Typography variant="caption" display="block">
                      {c.region}
                    </Typography>
                  </TableCell>
                  <TableCell>
                    <VerdictChip verdict={c.verdict} />
                  </TableCell>
                  <TableCell>
                    {c.nodes.ready}/{c.nodes.total}
                  </TableCell>
                  <TableCell>
                    {Object.entries(c.podsByPhase)
                      .map(([phase, n]) => `${n} ${phase}`)
                      .join(', ')}
                  </TableCell>
                  <TableCell>
                    {percent(
                      c.capacity.cpuRequestedMillis,
                      c.capacity.cpuAllocatableMillis,
                    )}{' '}
                    of {formatCores(c.capacity.cpuAllocatableMillis)}
                  </TableCell>
                  <TableCell>
                    {percent(
                      c.capacity.memoryRequestedBytes,
                      c.capacity.memoryAllocatableBytes,
                    )}{' '}
                    of {formatBytes(c.capacity.memoryAllocatableBytes)}
                  </TableCell>
                  <TableCell style={{ minWidth: 160 }}>
                    {supportLabel(c.version)}
                  </TableCell>
                  <TableCell>
                    {c.reasons.length === 0
                      ? 'no problems'
                      : c.reasons.map((r, i) => (
                          <Typography key={i} variant="body2">
                            {r.message}
                          </Typography>
                        ))}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </InfoCard>
      )}
    </>
  );
}

/** One cluster: node groups, nodes, problem pods, events, capacity, upgrade readiness. */
export function ClusterView() {
  const { name } = useParams();
  const api = useApi(eksApiRef);
  const { value, loading, error } = useRefreshing(
    () => api.getCluster(name!),
    [api, name],
  );
  const [now] = useState(() => new Date());
  if (!value && loading) return <Progress />;
  if (!value && error) return <ResponseErrorPanel error={error} />;
  const { cluster: c, eksSource, syncedAt } = value as ClusterResponse;
  const sample = eksSource === 'sample' ? <SampleDataLabel /> : null;
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Link to="..">All clusters</Link>
          <Typography variant="h5">{c.name}</Typography>
          <VerdictChip verdict={c.verdict} size="medium" />
          <Typography variant="caption">
            last change {age(syncedAt, now)}
          </Typography>
        </Box>
        {c.reasons.map((r, i) => (
          <Alert
            key={i}
            severity={r.severity === 'critical' ? 'error' : 'warning'}
            style={{ marginTop: 4 }}
          >
            {r.message}
          </Alert>
        ))}
      </Grid>
      <Grid item xs={12} lg={8}>
        <InfoCard title={<>Node groups {sample}</>}>
          <DataTable
            label="node groups"
            head={[
              'Node group',
              'Capacity',
              'Instance types',
              'Ready',
              'Desired',
              'Min',
              'Max',
            ]}
            rows={c.nodeGroups.map(g => [
              g.name,
              g.capacityType,
              g.instanceTypes.join(', '),
              `${g.readyNodes}/${g.nodes}`,
              g.desired,
              g.min,
              g.max !== undefined
                ? `${g.max}${g.atMax ? ' (at max)' : ''}`
                : undefined,
            ])}
            empty="No node groups"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} lg={4}>
        <InfoCard title="Capacity" subheader="requested of allocatable">
          <Typography>
            CPU: {formatCores(c.capacity.cpuRequestedMillis)} of{' '}
            {formatCores(c.capacity.cpuAllocatableMillis)} (
            {percent(
              c.capacity.cpuRequestedMillis,
              c.capacity.cpuAllocatableMillis,
            )}
            )
          </Typography>
          <Typography>
            Memory: {formatBytes(c.capacity.memoryRequestedBytes)} of{' '}
            {formatBytes(c.capacity.memoryAllocatableBytes)} (
            {percent(
              c.capacity.memoryRequestedBytes,
              c.capacity.memoryAllocatableBytes,
            )}
            )
          </Typography>
          <Typography>
            Pods:{' '}
            {Object.entries(c.podsByPhase)
              .map(([p, n]) => `${n} ${p}`)
              .join(', ')}
          </Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={`Problem pods (${c.problemPods.length})`}>
          <DataTable
            label="problem pods"
            head={['Namespace', 'Pod', 'Owner', 'Reason', 'Restarts', 'Detail']}
            rows={c.problemPods.map(p => [
              p.namespace,
              p.name,
              p.owner,
              <strong>{p.reason}</strong>,
              p.restarts,
              [
                p.message,
                p.lastExitCode !== undefined
                  ? `last exit code ${p.lastExitCode}`
                  : undefined,
              ]
                .filter(Boolean)
                .join('; '),
            ])}
            empty="No failing pods"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard
          title={`Warning events, last hour (${c.warningEvents.length})`}
        >
          <DataTable
            label="warning events"
            head={[
              'Last seen',
              'Namespace',
              'Object',
              'Reason',
              'Count',
              'Message',
            ]}
            rows={c.warningEvents
              .slice(0, 50)
              .map(e => [
                age(e.lastSeen, now),
                e.namespace,
                e.object,
                e.reason,
                e.count,
                e.message,
              ])}
            empty="No warning events in the last hour"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title="Nodes">
          <DataTable
            label="nodes"
            head={[
              'Node',
              'Ready',
              'Node group',
              'Type',
              'Zone',
              'CPU requested',
              'Pods',
            ]}
            rows={c.nodes.items.map(n => [
              n.name,
              n.ready ? 'yes' : 'NO',
              n.nodegroup,
              n.instanceType,
              n.zone,
              percent(n.cpuRequestedMillis, n.cpuAllocatableMillis),
              n.pods,
            ])}
            empty="No nodes"
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <InfoCard title={<>Upgrade readiness {sample}</>}>
          <Typography gutterBottom>
            {supportLabel(c.version)} (source:{' '}
            <Link to={c.version.source}>EKS release calendar</Link>, as of{' '}
            {c.version.asOf})
          </Typography>
          {c.eks?.unavailable?.map((u, i) => (
            <Alert key={`u${i}`} severity="info" style={{ marginBottom: 4 }}>
              Not read from the EKS API: {u}
            </Alert>
          ))}
          {c.upgrade.blockers.map((b, i) => (
            <Alert key={i} severity="warning" style={{ marginBottom: 4 }}>
              {b}
            </Alert>
          ))}
          <DataTable
            label="upgrade insights"
            head={['Insight', 'Status', 'Detail']}
            rows={c.upgrade.insights.map(i => [
              i.name,
              i.status,
              [i.reason, i.recommendation].filter(Boolean).join(' '),
            ])}
            empty="No upgrade insights"
          />
          <Typography variant="subtitle2" style={{ marginTop: 8 }}>
            HPAs at max:{' '}
            {c.hpasAtMax
              .map(h => `${h.namespace}/${h.name} (${h.current}/${h.max})`)
              .join(', ') || 'none'}
          </Typography>
          <Typography variant="subtitle2">
            Unavailable deployments:{' '}
            {c.unavailableDeployments
              .map(d => `${d.namespace}/${d.name} (${d.ready}/${d.desired})`)
              .join(', ') || 'none'}
          </Typography>
        </InfoCard>
      </Grid>
    </Grid>
  );
}

/** The Clusters page: the list at /clusters, one cluster at /clusters/:name. */
export function ClustersPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Clusters"
        subtitle="Health of every EKS cluster, from Runway's watch-backed cache"
      />
      <Content>
        <Routes>
          <Route path="/" element={<ClusterList />} />
          <Route path="/:name" element={<ClusterView />} />
        </Routes>
      </Content>
    </Page>
  );
}
