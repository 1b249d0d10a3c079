import { Entity } from '@backstage/catalog-model';
import { resolve } from 'node:path';
import { costDatabases, newCostStore } from '../__testUtils__/store';
import { smallOrgConfig } from '../__testUtils__/smallOrg';
import { importCostFile } from '../import/importer';
import { OrgIndex, trustedLocationCheck } from './OrgIndex';
import { breakdownReport } from './reports/breakdown';
import { entityCostReport } from './reports/entityCost';
import { ReportQueries } from './reports/ReportQueries';

const databases = costDatabases();
jest.setTimeout(60_000);

const TRUSTED = 'url:https://git.example/runway/catalog/all.yaml';

function component(
  name: string,
  owner: string,
  annotations: Record<string, string>,
  trusted = false,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'runway.io/cost-allocation': `service=${name}`,
        'backstage.io/managed-by-origin-location': trusted
          ? TRUSTED
          : `url:https://git.example/${owner}/${name}/catalog-info.yaml`,
        ...annotations,
      },
    },
    spec: { owner, type: 'service', lifecycle: 'production' },
  };
}

const group = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
});

const id = (value: string) => ({ 'backstage.io/kubernetes-id': value });

const ENTITIES = [
  group('team-checkout'),
  group('team-payments'),
  group('platform-ops'),
  // the only claimant of checkout-api, pods in production only
  component('checkout-api', 'team-checkout', {
    ...id('checkout-api'),
    'backstage.io/kubernetes-namespace': 'production',
  }),
  // inventory-api: the claimant from catalog.locations is served...
  component('inventory-api', 'team-checkout', id('inventory-api'), true),
  // ...never another team's Component claiming the same id
  component('evil', 'team-payments', id('inventory-api')),
  // two untrusted claimants: nobody
  component('payments-api', 'team-payments', id('payments-api')),
  component('payments-copy', 'team-payments', id('payments-api')),
];

const RANGE = {
  from: '2026-10-01',
  to: '2026-10-31',
  granularity: 'monthly' as const,
};

describe.each(databases.eachSupportedId())(
  'Kubernetes split cost allocation on %p',
  dbId => {
    async function context() {
      const store = await newCostStore(databases, dbId);
      await importCostFile({
        store,
        source: 'cur',
        path: resolve(__dirname, '../import/__fixtures__/cur2-eks-split.csv'),
        tagKeys: smallOrgConfig().tagKeys,
      });
      const config = smallOrgConfig({ sharedServices: ['shared'] });
      const org = new OrgIndex(
        ENTITIES,
        config.tagKeys,
        config.sharedServices,
        {
          isTrusted: trustedLocationCheck([TRUSTED]),
        },
      );
      return {
        queries: new ReportQueries({ store, config }),
        config,
        orgIndex: async () => org,
      };
    }
    const cost = async (
      ctx: Awaited<ReturnType<typeof context>>,
      entity: Entity,
    ) => {
      const answer = await entityCostReport(ctx, { entity, ...RANGE });
      return {
        total: answer.series.reduce((s, p) => s + p.micros, 0),
        kubernetes: answer.kubernetes,
      };
    };

    it("gives a service its pods' split cost, in its namespace", async () => {
      const ctx = await context();
      // RDS 1.25 + its pods' split cost 0.04
      expect(await cost(ctx, ENTITIES[3])).toEqual({
        total: 1_290_000,
        kubernetes: [
          {
            cluster: 'eks-production-euw1',
            namespace: 'production',
            workload: 'checkout-api',
            total: 40_000,
          },
        ],
      });
      expect(await cost(ctx, ENTITIES[4])).toEqual({
        total: 20_000,
        kubernetes: [
          {
            cluster: 'eks-production-euw1',
            namespace: 'production',
            workload: 'inventory-api',
            total: 20_000,
          },
        ],
      });
    });

    it('gives an untrusted second claimant, and conflicting claimants, nothing', async () => {
      const ctx = await context();
      // no workload is served to them: no Kubernetes section at all
      for (const entity of ENTITIES.slice(5)) {
        expect(await cost(ctx, entity)).toEqual({
          total: 0,
          kubernetes: undefined,
        });
      }
    });

    it('counts a namespace other than the annotated one out', async () => {
      const ctx = await context();
      const other = component('checkout-api', 'team-checkout', {
        ...id('checkout-api'),
        'backstage.io/kubernetes-namespace': 'staging',
      });
      const org = new OrgIndex(
        [other],
        ctx.config.tagKeys,
        ctx.config.sharedServices,
      );
      const answer = await entityCostReport(
        { ...ctx, orgIndex: async () => org },
        { entity: other, ...RANGE },
      );
      expect(answer.kubernetes).toEqual([]);
    });

    it('leaves only the nodes unused cost shared, and breaks costs down by cluster and namespace', async () => {
      const ctx = await context();
      const totals = async (dimension: 'service' | 'cluster' | 'namespace') =>
        Object.fromEntries(
          (
            await breakdownReport(ctx, { dimension, filter: {}, ...RANGE })
          ).rows.map(r => [r.key, r.total]),
        );
      // node A 0.0832 - 0.06 of pods, node B 0.06 - 0.03 of pods
      expect((await totals('service'))['(shared)']).toBe(23_200 + 30_000);
      expect(await totals('cluster')).toEqual({
        '(none)': 1_300_000,
        'eks-production-euw1': 83_200,
        'eks-staging-euw1': 60_000,
      });
      expect(await totals('namespace')).toEqual({
        '(none)': 1_300_000 + 23_200 + 30_000,
        production: 60_000,
        staging: 30_000,
      });
    });

    it("routes a pod's split cost to its Component's service and team on the Costs page, drill-downs and team tab alike", async () => {
      const ctx = await context();
      const totals = async (
        dimension: 'team' | 'service' | 'awsService',
        filter: Record<string, string> = {},
      ) =>
        Object.fromEntries(
          (
            await breakdownReport(ctx, { dimension, filter, ...RANGE })
          ).rows.map(r => [r.key, r.total]),
        );
      const services = await totals('service');
      // RDS 1.25 + its pods 0.04; the trusted claimant's pods 0.02
      expect(services['checkout-api']).toBe(1_290_000);
      expect(services['inventory-api']).toBe(20_000);
      // the conflicting claim routes nothing: payments-api's pods stay
      // unallocated, as they were tagged
      expect(services['payments-api']).toBeUndefined();
      const teams = await totals('team');
      expect(teams['team-checkout']).toBe(1_310_000);
      expect(teams['team-payments']).toBeUndefined();
      // the platform team keeps its nodes' unused cost only
      expect(teams['platform-ops']).toBe(23_200 + 30_000);
      // the drill-down agrees with the rows it opens
      expect(await totals('service', { team: 'team-checkout' })).toEqual({
        'checkout-api': 1_290_000,
        'inventory-api': 20_000,
      });
      const aws = await totals('awsService', {
        team: 'team-checkout',
        service: 'checkout-api',
      });
      expect(Object.values(aws).reduce((a, b) => a + b, 0)).toBe(1_290_000);
      expect(Object.keys(aws)).toHaveLength(2);
      expect(await totals('service', { team: 'platform-ops' })).toEqual({
        '(shared)': 23_200 + 30_000,
      });
      // the team's Cost tab counts the same
      expect((await cost(ctx, ENTITIES[0])).total).toBe(1_310_000);
      expect((await cost(ctx, ENTITIES[2])).total).toBe(23_200 + 30_000);
    });
  },
);
