import { WORKLOAD_LABELS } from '../annotations';
import { ArgoApplication } from '../argo';
import { ApplicationSummary } from '../argoSummaries';
import { ClusterSnapshot } from '../kube';

/**
 * The health message of an Application: its own (deprecated since Argo CD
 * 3, still set by older versions), else the first managed resource that is
 * not Healthy, as `Kind name: message`.
 */
function healthMessage(app: ArgoApplication): string | undefined {
  const own = app.status?.health?.message;
  if (own) return own;
  const status = app.status?.health?.status;
  if (!status || status === 'Healthy') return undefined;
  const r = app.status?.resources?.find(
    x => x.health?.status && x.health.status !== 'Healthy',
  );
  if (!r) return undefined;
  return `${r.kind} ${r.name}: ${r.health!.status}${
    r.health!.message ? ` (${r.health!.message})` : ''
  }`;
}

/** One Argo CD Application as the Workloads tab shows it. */
export function applicationSummary(
  app: ArgoApplication,
  cluster: string,
): ApplicationSummary {
  const s = app.status;
  const op = s?.operationState;
  const source = app.spec?.source ?? app.spec?.sources?.[0];
  return {
    cluster,
    namespace: app.metadata.namespace ?? '',
    name: app.metadata.name ?? '',
    project: app.spec?.project,
    syncStatus: s?.sync?.status || 'Unknown',
    revision:
      s?.sync?.revision || s?.sync?.revisions?.filter(Boolean).join(', '),
    healthStatus: s?.health?.status || 'Unknown',
    healthMessage: healthMessage(app),
    operation: op?.phase
      ? {
          phase: op.phase,
          message: op.message || undefined,
          startedAt: op.startedAt,
          finishedAt: op.finishedAt,
        }
      : undefined,
    destination: {
      namespace: app.spec?.destination?.namespace,
      server: app.spec?.destination?.server,
      name: app.spec?.destination?.name,
    },
    source: source
      ? {
          repoURL: source.repoURL,
          path: source.path ?? source.chart,
          targetRevision: source.targetRevision,
        }
      : undefined,
  };
}

/**
 * The Argo CD Applications of the service `id` in one cluster: those whose
 * **label** `backstage.io/kubernetes-id` equals `id`, the label Runway's
 * template puts on every object it generates. One rule, no fallback: the
 * annotation of that name and `app.kubernetes.io/name` are not read. With
 * `namespace`, only those that deploy into it or live in it.
 *
 * @public
 */
export function serviceApplications(
  snapshot: ClusterSnapshot,
  id: string,
  options: { namespace?: string } = {},
): ApplicationSummary[] {
  return (snapshot.applications ?? [])
    .filter(
      a =>
        a.metadata.labels?.[WORKLOAD_LABELS.kubernetesId] === id &&
        (!options.namespace ||
          a.spec?.destination?.namespace === options.namespace ||
          a.metadata.namespace === options.namespace),
    )
    .map(a => applicationSummary(a, snapshot.name))
    .sort((x, y) =>
      `${x.namespace}/${x.name}`.localeCompare(`${y.namespace}/${y.name}`),
    );
}
