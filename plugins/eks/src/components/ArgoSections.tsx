import { InfoCard } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { ApplicationSummary, RolloutSummary } from '@runway/plugin-eks-common';
import {
  analysisLabel,
  applicationProblems,
  destinationLabel,
  healthLabel,
  phaseLabel,
  replicaSetsLines,
  replicasLabel,
  stepLabel,
  syncLabel,
  weightLabel,
} from '../utils/argo';
import { age } from '../utils/format';
import { DataTable } from './common';

/** The service's Argo CD Applications: sync, health, last operation, destination. */
export function ApplicationsCard(props: {
  applications: ApplicationSummary[];
  now: Date;
}) {
  const { applications, now } = props;
  const problems = applications.flatMap(applicationProblems);
  return (
    <InfoCard title="Argo CD Applications">
      {problems.map(p => (
        <Alert key={p} severity="warning" style={{ marginBottom: 4 }}>
          {p}
        </Alert>
      ))}
      <DataTable
        label="argo cd applications"
        head={[
          'Application',
          'Cluster',
          'Destination namespace',
          'Sync',
          'Health',
          'Last operation',
        ]}
        rows={applications.map(a => [
          `${a.namespace}/${a.name}`,
          a.cluster,
          destinationLabel(a),
          syncLabel(a),
          healthLabel(a),
          a.operation
            ? `${a.operation.phase}${
                a.operation.message ? ` — ${a.operation.message}` : ''
              }${
                a.operation.finishedAt
                  ? ` (${age(a.operation.finishedAt, now)})`
                  : ''
              }`
            : undefined,
        ])}
      />
      <Box mt={1}>
        <Typography variant="caption">
          Read from the clusters that serve Argo CD's Application CRD, matched
          by the label backstage.io/kubernetes-id. Their workloads below carry
          the verdict.
        </Typography>
      </Box>
    </InfoCard>
  );
}

/** Lines in one table cell. */
function Lines(props: { lines: (string | undefined)[] }) {
  return (
    <>
      {props.lines
        .filter(l => l !== undefined)
        .map(l => (
          <div key={l}>{l}</div>
        ))}
    </>
  );
}

/** The Rollout's name, and under it its image without the registry (the full one on hover). */
function RolloutCell(props: { r: RolloutSummary }) {
  const { r } = props;
  return (
    <>
      <div>{r.name}</div>
      {r.image && (
        <Typography variant="caption" title={r.image}>
          {r.image.split('/').pop()}
        </Typography>
      )}
    </>
  );
}

/** One environment's Argo Rollouts: phase, strategy and canary step, ReplicaSets, replicas. */
export function RolloutsTable(props: { rollouts: RolloutSummary[] }) {
  return (
    <DataTable
      label="argo rollouts"
      head={['Rollout', 'Phase', 'Step', 'ReplicaSets', 'Replicas']}
      rows={props.rollouts.map(r => [
        <RolloutCell r={r} />,
        // a message may be long: it wraps, from a readable width
        <div style={{ whiteSpace: 'normal', minWidth: 200 }}>
          {r.aborted ? <strong>{phaseLabel(r)}</strong> : phaseLabel(r)}
        </div>,
        r.step ? (
          <Lines
            lines={[
              `${r.strategy} ${stepLabel(r)}`,
              `weight ${weightLabel(r)}`,
              r.step.analysisRun && 'AnalysisRun',
              analysisLabel(r),
            ]}
          />
        ) : (
          r.strategy
        ),
        <Lines lines={replicaSetsLines(r)} />,
        <Lines lines={[replicasLabel(r), `${r.restarts} restarts`]} />,
      ])}
    />
  );
}
