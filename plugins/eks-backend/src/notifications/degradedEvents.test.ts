import { WorkloadHealth } from '@runway/plugin-eks-common';
import { component } from '@runway/test-utils';
import { degradedEvent, degradedFamily, workloadsLink } from './degradedEvents';

const workload = (over: Partial<WorkloadHealth> = {}): WorkloadHealth => ({
  cluster: 'prod-eu',
  namespace: 'shop',
  verdict: 'down',
  reasons: [
    {
      severity: 'critical',
      code: 'NoReadyReplicas',
      message: 'checkout-api: 0/3 replicas ready',
    },
  ],
  deployments: [],
  rollouts: [],
  pods: ['a', 'b', 'c'].map(name => ({
    namespace: 'shop',
    name,
    phase: 'Running',
    ready: false,
    restarts: 0,
  })),
  hpas: [],
  events: [],
  checklist: [],
  ...over,
});

describe('degradedEvents', () => {
  it('a down workload: critical, to the owners, with its reasons and the Workloads tab', () => {
    const event = degradedEvent({
      entity: component('checkout-api', 'team-checkout'),
      kubernetesId: 'checkout',
      owners: ['group:default/team-checkout'],
      workload: workload(),
      degradedForMinutes: 10,
    });
    expect(event).toEqual({
      key: 'eks-degraded@prod-eu:shop/checkout',
      recipients: {
        type: 'entity',
        entityRef: ['group:default/team-checkout'],
      },
      delayMs: 600_000,
      payload: {
        title: 'checkout-api is down on prod-eu (0 of 3 pods ready)',
        description:
          'checkout-api has been down for more than 10 minutes in namespace shop of prod-eu: checkout-api: 0/3 replicas ready.',
        link: '/catalog/default/component/checkout-api/workloads',
        severity: 'critical',
        topic: 'eks',
      },
    });
  });

  it('lists five reasons and counts the rest; no delay, no "for more than"', () => {
    const reasons = Array.from({ length: 7 }, (_, i) => ({
      severity: 'warning' as const,
      code: 'CrashLoopBackOff',
      message: `pod p${i}: CrashLoopBackOff.`,
    }));
    const { payload, delayMs } = degradedEvent({
      entity: component('worker', 'team-payments'),
      kubernetesId: 'worker',
      owners: ['group:default/team-payments'],
      workload: workload({ verdict: 'degraded', reasons }),
      degradedForMinutes: 0,
    });
    expect(delayMs).toBe(0);
    expect(payload.severity).toBe('high');
    expect(payload.description).toBe(
      'worker has been degraded in namespace shop of prod-eu: pod p0: CrashLoopBackOff; pod p1: CrashLoopBackOff; pod p2: CrashLoopBackOff; pod p3: CrashLoopBackOff; pod p4: CrashLoopBackOff; and 2 more.',
    );
  });

  it('one family per cluster, within the 64 characters of the events table and without ":"', () => {
    expect(degradedFamily('eks-staging-euw1')).toBe(
      'eks-degraded@eks-staging-euw1',
    );
    const long = degradedFamily('x'.repeat(100));
    expect(long).toMatch(/^eks-degraded@[0-9a-f]{24}$/);
    expect(long).not.toBe(degradedFamily(`${'x'.repeat(99)}y`));
    expect(degradedFamily('a:b')).toMatch(/^eks-degraded@[0-9a-f]{24}$/);
  });

  it('links to the Workloads tab as the catalog routes entities (kind and namespace lower-cased)', () => {
    const entity = component('Payments-API', 'team-payments');
    entity.kind = 'Component';
    entity.metadata.namespace = 'Shop';
    expect(workloadsLink(entity)).toBe(
      '/catalog/shop/component/Payments-API/workloads',
    );
  });
});
