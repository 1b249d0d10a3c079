import { prod } from '../__fixtures__/snapshots';
import { Deployment } from '../kube';
import { readinessChecklist } from './readinessChecklist';

const deploymentsOf = (name: string) =>
  prod.deployments.filter(
    d => d.metadata.namespace === 'production' && d.metadata.name === name,
  );

describe('readinessChecklist', () => {
  it('billing-worker: no probes and no ServiceMonitor; PDB, non-root and resources pass', () => {
    const byId = Object.fromEntries(
      readinessChecklist(
        deploymentsOf('billing-worker'),
        prod,
        'production',
      ).map(c => [c.id, c]),
    );
    expect(byId.probes).toMatchObject({
      ok: false,
      detail: 'missing in: billing-worker',
    });
    expect(byId['service-monitor']).toMatchObject({
      ok: false,
      detail: 'none for: billing-worker',
    });
    expect(byId.pdb).toMatchObject({ ok: true, detail: undefined });
    expect(byId['non-root'].ok).toBe(true);
  });

  it('storefront-web passes every item, in the fixed order', () => {
    const checklist = readinessChecklist(
      deploymentsOf('storefront-web'),
      prod,
      'production',
    );
    expect(checklist.map(c => c.id)).toEqual([
      'probes',
      'resources',
      'non-root',
      'read-only-root-fs',
      'pdb',
      'network-policy',
      'service-monitor',
      'hpa',
    ]);
    expect(checklist.every(c => c.ok)).toBe(true);
  });

  it('only counts objects of the namespace', () => {
    const checklist = readinessChecklist(
      deploymentsOf('storefront-web'),
      prod,
      'elsewhere',
    );
    expect(checklist.filter(c => !c.ok).map(c => [c.id, c.detail])).toEqual([
      ['pdb', 'none for: storefront-web'],
      ['network-policy', 'none for: storefront-web'],
      ['service-monitor', 'none for: storefront-web'],
      ['hpa', 'none for: storefront-web'],
    ]);
  });

  it('names each failing container and deployment once', () => {
    const bare: Deployment = {
      metadata: { name: 'bare', namespace: 'production' },
      spec: {
        template: {
          metadata: { labels: { app: 'bare' } },
          spec: { containers: [{ name: 'app' }, { name: 'sidecar' }] },
        },
      },
    };
    const byId = Object.fromEntries(
      readinessChecklist([bare, bare], prod, 'production').map(c => [
        c.id,
        c.detail,
      ]),
    );
    expect(byId).toEqual({
      probes: 'missing in: app, sidecar',
      resources: 'missing in: app, sidecar',
      'non-root': 'may run as root: app, sidecar',
      'read-only-root-fs': 'writable in: app, sidecar',
      pdb: 'none for: bare',
      'network-policy': 'none for: bare',
      'service-monitor': 'none for: bare',
      hpa: 'none for: bare',
    });
  });
});
