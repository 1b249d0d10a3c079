import {
  prod,
  prodNow,
  stg,
  stgArgo,
  stgArgoNow,
  stgNow,
} from '../__fixtures__/snapshots';
import { workloadHealth } from './workloadHealth';

describe('workloadHealth', () => {
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
  });

  it('keeps to one namespace when asked', () => {
    expect(
      workloadHealth(stg, 'payments-api', stgNow, { namespace: 'staging' }),
    ).toHaveLength(1);
    expect(
      workloadHealth(stg, 'payments-api', stgNow, { namespace: 'elsewhere' }),
    ).toEqual([]);
  });

  it('storefront-web rolled out by an Argo Rollout: the canary, its pods by revision, the HPA and the checklist', () => {
    const [w] = workloadHealth(stgArgo, 'storefront-web', stgArgoNow);
    expect(w).toMatchObject({
      cluster: 'eks-staging-euw1',
      namespace: 'staging',
      environment: 'staging',
      verdict: 'healthy',
      reasons: [],
      deployments: [],
    });
    expect(w.rollouts).toHaveLength(1);
    expect(w.rollouts[0]).toMatchObject({
      name: 'storefront-web',
      strategy: 'canary',
      step: { number: 3, total: 5, kind: 'analysis', weight: 25 },
    });
    // one canary pod (revision 4) beside three stable ones (revision 3)
    expect(w.pods.map(p => p.revision).sort()).toEqual([3, 3, 3, 4]);
    expect(w.pods.every(p => p.ready)).toBe(true);
    expect(w.hpas[0]).toMatchObject({ target: 'Rollout/storefront-web' });
    // the Rollout's pod template is checked as a Deployment's, its HPA found
    expect(w.checklist.filter(c => !c.ok)).toEqual([]);
  });

  it('an aborted canary makes the service degraded', () => {
    const aborted = {
      ...stgArgo,
      rollouts: stgArgo.rollouts!.map(r => ({
        ...r,
        status: { ...r.status, abort: true, phase: 'Degraded' },
      })),
    };
    const [w] = workloadHealth(aborted, 'storefront-web', stgArgoNow);
    expect(w.verdict).toBe('degraded');
    expect(w.reasons.map(r => r.code)).toEqual(['RolloutAborted']);
  });
});
