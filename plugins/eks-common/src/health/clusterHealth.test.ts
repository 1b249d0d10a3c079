import { prod, prodEks, prodNow, stg, stgNow } from '../__fixtures__/snapshots';
import { clusterHealth } from './clusterHealth';

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
