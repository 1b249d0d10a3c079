import staging from './__fixtures__/eks-staging-euw1.json';
import production from './__fixtures__/eks-production-euw1.json';
import {
  clusterHealth,
  hpaSummary,
  podProblem,
  recentWarnings,
  serviceHealth,
  workloadHealth,
  worst,
} from './health';
import { ClusterSnapshot, selects } from './kube';
import { EksClusterInfo } from './types';

// Snapshots captured from Runway's local control plane after
// scripts/k8s/fixtures.mjs loaded the sample clusters (real apiserver,
// controller-manager, scheduler and kwok output).
const stg = staging as unknown as ClusterSnapshot;
const prod = production as unknown as ClusterSnapshot;
// "now" a few minutes after the capture, so the events are recent
const stgNow = new Date(Date.parse((staging as any).capturedAt) + 5 * 60_000);
const prodNow = new Date(
  Date.parse((production as any).capturedAt) + 5 * 60_000,
);

const prodEks: EksClusterInfo = {
  name: 'eks-production-euw1',
  nodeGroups: [
    {
      name: 'on-demand',
      capacityType: 'ON_DEMAND',
      instanceTypes: ['t3.large'],
      desired: 3,
      min: 3,
      max: 6,
    },
    {
      name: 'spot',
      capacityType: 'SPOT',
      instanceTypes: ['t3.large', 't3a.large'],
      desired: 3,
      min: 1,
      max: 3,
    },
  ],
  insights: [
    {
      id: 'i-1',
      name: 'Deprecated APIs removed in Kubernetes v1.35',
      status: 'PASSING',
    },
  ],
  addons: [
    { name: 'vpc-cni', version: 'v1.20.1-eksbuild.1', status: 'ACTIVE' },
  ],
  source: 'sample',
  fetchedAt: '2026-11-27T16:00:00Z',
};

describe('clusterHealth', () => {
  it('flags the staging cluster: the crash loop and the image pull failure', () => {
    const h = clusterHealth(stg, stgNow);
    expect(h.verdict).toBe('degraded');
    expect(h.nodes).toMatchObject({ total: 4, ready: 4, notReady: 0 });
    const reasons = h.problemPods.map(p => [p.namespace, p.reason, p.owner]);
    expect(reasons).toEqual(
      expect.arrayContaining([
        ['staging', 'CrashLoopBackOff', 'Deployment/payments-api'],
        ['platform', 'ImagePullBackOff', 'Deployment/external-dns'],
      ]),
    );
    const crash = h.problemPods.find(p => p.reason === 'CrashLoopBackOff')!;
    expect(crash).toMatchObject({
      restarts: 14,
      lastExitCode: 1,
      container: 'payments-api',
    });
    expect(h.reasons.map(r => r.code)).toEqual(
      expect.arrayContaining([
        'CrashLoopBackOff',
        'ImagePullBackOff',
        'PdbBlocksEvictions',
      ]),
    );
    expect(h.warningEvents.map(e => e.reason)).toEqual(
      expect.arrayContaining(['BackOff', 'Failed']),
    );
  });

  it('flags production: HPA at max, unschedulable pod, PDB blocking evictions, spot group at max', () => {
    const h = clusterHealth(prod, prodNow, prodEks);
    expect(h.verdict).toBe('degraded');
    expect(h.hpasAtMax.map(x => `${x.namespace}/${x.name}`)).toEqual([
      'production/inventory-api',
    ]);
    expect(h.problemPods.find(p => p.reason === 'Unschedulable')).toMatchObject(
      {
        namespace: 'production',
        name: expect.stringMatching(/^billing-worker-reprocess-/),
        message: expect.stringContaining('Insufficient cpu'),
      },
    );
    expect(h.pdbsBlockingEvictions.map(p => p.name)).toEqual([
      'billing-worker',
    ]);
    expect(h.upgrade.blockers).toEqual([
      'PodDisruptionBudget production/billing-worker allows no disruption',
    ]);
    expect(h.nodeGroups).toEqual([
      expect.objectContaining({
        name: 'on-demand',
        nodes: 3,
        readyNodes: 3,
        atMax: false,
        capacityType: 'ON_DEMAND',
      }),
      expect.objectContaining({
        name: 'spot',
        nodes: 3,
        atMax: true,
        instanceTypes: ['t3.large', 't3a.large'],
      }),
    ]);
    expect(h.reasons.map(r => r.code)).toContain('NodeGroupAtMax');
  });

  it('sums allocatable and requested capacity in integers', () => {
    const h = clusterHealth(prod, prodNow);
    // 6 × t3.large with 1930m / 7224620Ki allocatable
    expect(h.capacity.cpuAllocatableMillis).toBe(6 * 1930);
    expect(h.capacity.memoryAllocatableBytes).toBe(6 * 7224620 * 1024);
    expect(Number.isInteger(h.capacity.cpuRequestedMillis)).toBe(true);
    expect(h.capacity.cpuRequestedMillis).toBeGreaterThan(0);
    // the unschedulable pod's 4 CPUs are not on any node
    expect(h.capacity.cpuRequestedMillis).toBeLessThan(
      h.capacity.cpuAllocatableMillis,
    );
  });

  it('is down when no node is ready, and reports version support from the dated table', () => {
    const notReady = {
      ...prod,
      nodes: prod.nodes.map(n => ({
        ...n,
        status: {
          ...n.status,
          conditions: [{ type: 'Ready', status: 'False' }],
        },
      })),
    };
    const h = clusterHealth(notReady, new Date('2026-11-27T12:00:00Z'));
    expect(h.verdict).toBe('down');
    expect(h.reasons[0].code).toBe('NoReadyNodes');
    expect(h.version).toMatchObject({
      version: '1.34',
      status: 'standard',
      until: '2026-12-02',
      daysLeft: 4,
    });
    expect(h.reasons.map(r => r.code)).toContain(
      'VersionStandardSupportEnding',
    );
  });
});

describe('workloadHealth and serviceHealth', () => {
  it('payments-api: degraded in staging by the crash-looping revision, healthy in production', () => {
    const [s] = workloadHealth(stg, 'payments-api', stgNow);
    expect(s).toMatchObject({
      cluster: 'eks-staging-euw1',
      namespace: 'staging',
      environment: 'staging',
      verdict: 'degraded',
    });
    expect(s.deployments[0]).toMatchObject({
      revision: 2,
      ready: 2,
      desired: 2,
      image: expect.stringContaining('payments-api:2.0.0'),
    });
    expect(['progressing', 'stalled']).toContain(s.deployments[0].rollout);
    expect(s.deployments[0].changeCause).toContain('2.0.0');
    const crash = s.reasons.find(r => r.code === 'CrashLoopBackOff')!;
    expect(crash.message).toMatch(
      /revision 2\): CrashLoopBackOff, 14 restarts, last exit code 1 \(Error\)/,
    );
    expect(s.events.some(e => e.reason === 'BackOff')).toBe(true);

    const [p] = workloadHealth(prod, 'payments-api', prodNow);
    expect(p.verdict).toBe('healthy');
    expect(p.checklist.every(c => c.ok)).toBe(true);

    const all = serviceHealth('payments-api', [s, p]);
    expect(all.verdict).toBe('degraded');
    expect(all.reasons[0].message).toMatch(/^eks-staging-euw1\/staging: /);
  });

  it('inventory-api: HPA pinned at max in production', () => {
    const [p] = workloadHealth(prod, 'inventory-api', prodNow);
    expect(p.verdict).toBe('degraded');
    expect(p.hpas[0]).toMatchObject({
      atMax: true,
      current: 6,
      max: 6,
      limitedReason: 'TooManyReplicas',
    });
    expect(p.reasons.map(r => r.code)).toEqual(['HpaAtMax']);
    expect(workloadHealth(stg, 'inventory-api', stgNow)[0].verdict).toBe(
      'healthy',
    );
  });

  it('billing-worker: checklist flags missing probes and ServiceMonitor; its PDB blocks evictions', () => {
    const [w] = workloadHealth(prod, 'billing-worker', prodNow);
    const byId = Object.fromEntries(w.checklist.map(c => [c.id, c]));
    expect(byId.probes).toMatchObject({
      ok: false,
      detail: 'missing in: billing-worker',
    });
    expect(byId['service-monitor'].ok).toBe(false);
    expect(byId.pdb.ok).toBe(true);
    expect(byId['non-root'].ok).toBe(true);
    expect(w.reasons.map(r => r.code)).toContain('PdbBlocksEvictions');
  });

  it('storefront-web is healthy everywhere with a full checklist', () => {
    const all = serviceHealth('storefront-web', [
      ...workloadHealth(stg, 'storefront-web', stgNow),
      ...workloadHealth(prod, 'storefront-web', prodNow),
    ]);
    expect(all.verdict).toBe('healthy');
    expect(all.workloads).toHaveLength(2);
    expect(all.workloads.flatMap(w => w.checklist).every(c => c.ok)).toBe(true);
  });

  it('is down when no replica is ready, and empty for an unknown service', () => {
    const broken = {
      ...prod,
      deployments: prod.deployments.map(d =>
        d.metadata.name === 'checkout-api'
          ? {
              ...d,
              status: { ...d.status, readyReplicas: 0, availableReplicas: 0 },
            }
          : d,
      ),
    };
    const [w] = workloadHealth(broken, 'checkout-api', prodNow);
    expect(w.verdict).toBe('down');
    expect(w.reasons[0]).toMatchObject({
      severity: 'critical',
      code: 'NoReadyReplicas',
    });
    expect(workloadHealth(prod, 'no-such-service', prodNow)).toEqual([]);
    expect(serviceHealth('no-such-service', []).verdict).toBe('healthy');
  });
});

describe('pieces', () => {
  it('worst picks the worst verdict', () => {
    expect(worst(['healthy', 'degraded'])).toBe('degraded');
    expect(worst(['degraded', 'down', 'healthy'])).toBe('down');
    expect(worst([])).toBe('healthy');
  });

  it('hpaSummary: at max by desired or current replicas', () => {
    const h = {
      metadata: { name: 'x', namespace: 'n' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'x' },
        maxReplicas: 4,
      },
      status: { currentReplicas: 3, desiredReplicas: 4 },
    };
    expect(hpaSummary(h).atMax).toBe(true);
    expect(
      hpaSummary({ ...h, status: { currentReplicas: 3, desiredReplicas: 3 } })
        .atMax,
    ).toBe(false);
  });

  it('recentWarnings keeps only warnings of the last hour, newest first', () => {
    const now = new Date('2026-11-27T12:00:00Z');
    const ev = (reason: string, type: string, at: string) => ({
      metadata: {},
      type,
      reason,
      lastTimestamp: at,
      involvedObject: { kind: 'Pod', name: 'p' },
    });
    expect(
      recentWarnings(
        [
          ev('A', 'Warning', '2026-11-27T11:10:00Z'),
          ev('B', 'Normal', '2026-11-27T11:50:00Z'),
          ev('C', 'Warning', '2026-11-27T10:00:00Z'),
          ev('D', 'Warning', '2026-11-27T11:55:00Z'),
        ],
        now,
      ).map(e => e.reason),
    ).toEqual(['D', 'A']);
  });

  it('podProblem ignores healthy pods', () => {
    expect(
      podProblem({
        metadata: { name: 'ok' },
        status: {
          phase: 'Running',
          containerStatuses: [
            { name: 'c', ready: true, restartCount: 0, state: { running: {} } },
          ],
        },
      }),
    ).toBeUndefined();
  });

  it('selects implements matchLabels and matchExpressions', () => {
    expect(selects({ matchLabels: { a: '1' } }, { a: '1', b: '2' })).toBe(true);
    expect(
      selects(
        { matchExpressions: [{ key: 'a', operator: 'In', values: ['2'] }] },
        { a: '1' },
      ),
    ).toBe(false);
    expect(
      selects(
        { matchExpressions: [{ key: 'x', operator: 'DoesNotExist' }] },
        { a: '1' },
      ),
    ).toBe(true);
    expect(selects(undefined, { a: '1' })).toBe(false);
  });
});
