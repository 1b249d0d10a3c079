import {
  prod,
  prodNow,
  stg,
  stgArgo,
  stgArgoNow,
  stgNow,
} from '../__fixtures__/snapshots';
import { serviceApplications } from './applications';
import { serviceHealth } from './serviceHealth';
import { workloadHealth } from './workloadHealth';

describe('serviceHealth', () => {
  it('payments-api: the worst of its environments, reasons prefixed by cluster/namespace', () => {
    const [s] = workloadHealth(stg, 'payments-api', stgNow);
    const [p] = workloadHealth(prod, 'payments-api', prodNow);
    const all = serviceHealth('payments-api', [s, p]);
    expect(all.verdict).toBe('degraded');
    expect(all.reasons[0].message).toMatch(/^eks-staging-euw1\/staging: /);
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

  it('is healthy for a service without workloads', () => {
    expect(serviceHealth('no-such-service', []).verdict).toBe('healthy');
  });

  it('carries the Argo CD Applications without judging them', () => {
    const apps = serviceApplications(stgArgo, 'storefront-web');
    const degraded = apps.map(a => ({ ...a, healthStatus: 'Degraded' }));
    const all = serviceHealth(
      'storefront-web',
      workloadHealth(stgArgo, 'storefront-web', stgArgoNow),
      degraded,
    );
    expect(all.applications).toEqual(degraded);
    expect(all.verdict).toBe('healthy');
    expect(serviceHealth('x', []).applications).toEqual([]);
  });
});
