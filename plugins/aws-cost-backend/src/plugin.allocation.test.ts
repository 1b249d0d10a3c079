import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  CONFLICTING_CLAIMS_KEY,
  CostBreakdown,
  EntityCost,
} from '@runway/plugin-aws-cost-common';
import {
  component,
  permissionsByRole,
  sampleOrganisation,
} from '@runway/test-utils';
import request from 'supertest';
import { allocatedByService } from './__testUtils__/entities';
import { sampleDirectory } from './__testUtils__/store';
import { as, DEVELOPER, MANAGER } from './__testUtils__/testBackend';
import { awsCostPlugin } from './plugin';

jest.setTimeout(120_000);

/** The location platform admins list in `catalog.locations`. */
const SERVICES_FILE = '/srv/runway/catalog/services.yaml';
const ORIGIN = 'backstage.io/managed-by-origin-location';

/** Registered by a member of team-payments from their own repository. */
const registered = (name: string, allocation: string): Entity =>
  component(name, 'team-payments', {
    ownedBy: true,
    annotations: {
      'runway.io/cost-allocation': allocation,
      [ORIGIN]: `url:https://github.com/erin/${name}/blob/main/catalog-info.yaml`,
    },
  });

/**
 * The sample organisation; payments-api comes from the trusted services
 * file, the other services from their own repositories. erin (team-payments)
 * has registered three Components of her own.
 */
const ENTITIES: Entity[] = [
  ...sampleOrganisation(name => ({
    ...allocatedByService(name),
    ...(name === 'payments-api' ? { [ORIGIN]: `file:${SERVICES_FILE}` } : {}),
  })),
  // the whole organisation's production spend
  registered('erin-report', 'environment=production'),
  // team-checkout's service, untrusted like its real Component
  registered('checkout-api-v2', 'service=checkout-api'),
  // team-payments' own trusted service, claimed by team-checkout's Component
  component('payments-proxy', 'team-checkout', {
    ownedBy: true,
    annotations: { 'runway.io/cost-allocation': 'service=payments-api' },
  }),
];

/** Managers read everything; erin reads what team-payments owns. */
const permissions = permissionsByRole(({ user, permission, resourceRef }) => {
  if (user === MANAGER) return true;
  if (user !== DEVELOPER || permission !== 'aws-cost.entity.read') return false;
  const entity = ENTITIES.find(
    e => `${e.kind}:default/${e.metadata.name}`.toLowerCase() === resourceRef,
  );
  return (
    entity?.relations?.find(r => r.type === 'ownedBy')?.targetRef ===
    'group:default/team-payments'
  );
});

describe('aws-cost: annotations never widen what a user reads', () => {
  let server: Awaited<ReturnType<typeof startTestBackend>>['server'];

  beforeAll(async () => {
    ({ server } = await startTestBackend({
      features: [
        awsCostPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              locations: [{ type: 'file', target: SERVICES_FILE }],
            },
            awsCost: {
              sources: {
                sample: { enabled: true, directory: sampleDirectory() },
              },
            },
          },
        }),
        mockServices.scheduler.factory({
          includeInitialDelayedTasksOnStartup: true,
        }),
        permissions,
        catalogServiceMock.factory({ entities: ENTITIES }),
      ],
    }));
  });

  const entityCost = async (user: string, name: string) => {
    const res = await request(server)
      .get(`/api/aws-cost/entity/component/default/${name}`)
      .set(as(user));
    expect(res.status).toBe(200);
    return res.body as EntityCost;
  };

  it("a developer's Component with environment=production shows only its own service", async () => {
    const mine = await entityCost(DEVELOPER, 'erin-report');
    expect(mine.allocation).toEqual([{ tag: 'service', value: 'erin-report' }]);
    expect(mine.monthToDate).toBe(0);
    expect(mine.lastMonth).toBe(0);
    expect(mine.topAwsServices).toEqual([]);
    expect(mine.warnings).toEqual([
      expect.stringMatching(
        /^'environment=production' \(runway\.io\/cost-allocation\) selects rows that do not belong to component:default\/erin-report/,
      ),
    ]);
    // a reader of every report sees what the annotation says
    const manager = await entityCost(MANAGER, 'erin-report');
    expect(manager.allocation).toEqual([
      { tag: 'environment', value: 'production' },
    ]);
    expect(manager.lastMonth).toBeGreaterThan(0);
    expect(manager.warnings).toBeUndefined();
  });

  it("a second Component claiming another team's service tag gets none of its spend", async () => {
    const claim = await entityCost(DEVELOPER, 'checkout-api-v2');
    expect(claim.allocation).toEqual([
      { tag: 'service', value: 'checkout-api-v2' },
    ]);
    expect(claim.lastMonth).toBe(0);
    // the conflict is reported where spend is broken down by service
    const res = await request(server)
      .get('/api/aws-cost/breakdown?dimension=service&granularity=monthly')
      .set(as(MANAGER));
    expect(res.status).toBe(200);
    const breakdown = res.body as CostBreakdown;
    expect(breakdown.rows.find(r => r.key === 'checkout-api')).toMatchObject({
      label: 'checkout-api (conflicting claims)',
    });
    expect(
      breakdown.rows.find(r => r.key === 'checkout-api')?.entityRef,
    ).toBeUndefined();
    expect(breakdown.warnings).toEqual([
      `Service tag 'checkout-api' is claimed by component:default/checkout-api, component:default/checkout-api-v2; its spend is shown as ${CONFLICTING_CLAIMS_KEY} until one claim remains or one claimant comes from a location in catalog.locations`,
    ]);
  });

  it('legitimate owners keep their cost: a trusted claimant wins, other services are untouched', async () => {
    const payments = await entityCost(DEVELOPER, 'payments-api');
    expect(payments.allocation).toEqual([
      { tag: 'service', value: 'payments-api' },
    ]);
    expect(payments.lastMonth).toBeGreaterThan(0);
    expect(payments.warnings).toBeUndefined();
    const billing = await entityCost(DEVELOPER, 'billing-worker');
    expect(billing.lastMonth).toBeGreaterThan(0);
    expect(billing.warnings).toBeUndefined();
    // team-checkout's Component claiming the trusted tag adds nothing to
    // team-checkout, and the service stays payments-api's
    const team = await request(server)
      .get('/api/aws-cost/entity/group/default/team-checkout')
      .set(as(MANAGER));
    expect(team.status).toBe(200);
    expect((team.body as EntityCost).includes).not.toContain(
      'component:default/payments-proxy',
    );
    const services = await request(server)
      .get('/api/aws-cost/breakdown?dimension=service&granularity=monthly')
      .set(as(MANAGER));
    expect(
      (services.body as CostBreakdown).rows.find(r => r.key === 'payments-api'),
    ).toMatchObject({ entityRef: 'component:default/payments-api' });
  });
});
