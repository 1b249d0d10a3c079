import { DEFAULT_TAG_KEYS } from '@runway/plugin-aws-cost-common';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { costDatabases, newCostStore } from '../__testUtils__/store';
import { CostStore } from '../store/CostStore';
import { storedTotals } from './__testUtils__/totals';
import { importCostFile } from './importer';

const fixture = (name: string) => resolve(__dirname, '__fixtures__', name);

// SQLite always; PostgreSQL when scripts/test.d/20-cost.sh provides one.
const databases = costDatabases();

jest.setTimeout(60_000);

/** Stored rows by Kubernetes place, service tag and AWS service. */
async function places(store: CostStore, source: string) {
  const rows = (await store
    .knex('aws_cost_daily')
    .where({ source })
    .select('cluster', 'namespace', 'workload', 'service', 'aws_service')
    .sum({ cost: 'cost_micros', billed: 'billed_micros' })
    .groupBy('cluster', 'namespace', 'workload', 'service', 'aws_service')
    .orderBy(['cluster', 'namespace', 'workload', 'service'])) as any[];
  return rows.map(r => ({
    place: [r.cluster, r.namespace, r.workload].join('/'),
    service: r.service,
    awsService: r.aws_service,
    cost: Number(r.cost),
    billed: Number(r.billed),
  }));
}

describe.each(databases.eachSupportedId())(
  'EKS split cost allocation data on %p',
  id => {
    it('stores each pod split cost under its cluster, namespace and workload, and the node cost once', async () => {
      const store = await newCostStore(databases, id);
      const result = await importCostFile({
        store,
        source: 'cur',
        path: fixture('cur2-eks-split.csv'),
        tagKeys: DEFAULT_TAG_KEYS,
      });
      expect(result).toMatchObject({ format: 'cur2', rows: 10, errorCount: 0 });
      // node A 0.0832 + node B 0.06 (Savings Plan) + RDS 1.25 + tax 0.05:
      // the pods' split cost is not added to the nodes' cost
      expect(await storedTotals(store, 'cur')).toEqual([
        {
          period: '2026-10',
          account: '222222222222',
          cost: 1_443_200,
          billed: 83_200 + 83_200 + 1_250_000 + 50_000,
          // CPU and memory lines of a pod are two usage types: two rows
          rows: 10,
        },
      ]);
      const eks = 'Amazon Elastic Kubernetes Service';
      const ec2 = 'Amazon Elastic Compute Cloud';
      expect(await places(store, 'cur')).toEqual([
        // not Kubernetes: RDS of checkout-api, tax
        {
          place: '//',
          service: '',
          awsService: ec2,
          cost: 50_000,
          billed: 50_000,
        },
        {
          place: '//',
          service: 'checkout-api',
          awsService: 'Amazon Relational Database Service',
          cost: 1_250_000,
          billed: 1_250_000,
        },
        // node A's unused cost: 0.0832 - 0.04 - 0.02, still tagged shared
        {
          place: 'eks-production-euw1//',
          service: 'shared',
          awsService: ec2,
          cost: 23_200,
          billed: 83_200,
        },
        {
          place: 'eks-production-euw1/production/checkout-api',
          service: '',
          awsService: eks,
          cost: 40_000,
          billed: 0,
        },
        {
          place: 'eks-production-euw1/production/inventory-api',
          service: '',
          awsService: eks,
          cost: 20_000,
          billed: 0,
        },
        // node B: Savings Plan effective cost 0.06 less payments-api's 0.03
        {
          place: 'eks-staging-euw1//',
          service: 'shared',
          awsService: ec2,
          cost: 30_000,
          billed: 83_200,
        },
        // CUR-style tag keys, and the pod's ARN with aws:eks:deployment
        {
          place: 'eks-staging-euw1/staging/payments-api',
          service: '',
          awsService: eks,
          cost: 30_000,
          billed: 0,
        },
      ]);
    });

    it("stores FOCUS 1.3 allocated charges as they are: each pod's under its place and own tags, the unallocated portion on the node", async () => {
      const store = await newCostStore(databases, id);
      const result = await importCostFile({
        store,
        source: 'focus',
        path: fixture('focus-1.3-eks-split.csv'),
        tagKeys: DEFAULT_TAG_KEYS,
      });
      expect(result).toMatchObject({ rows: 4, errorCount: 0 });
      const ec2 = 'Amazon Elastic Compute Cloud';
      // the origin charge (node A, 0.0832) is not in the file: its
      // allocated charges add up to it, and nothing is taken off again
      expect(await places(store, 'focus')).toEqual([
        {
          place: '//',
          service: 'checkout-api',
          awsService: 'Amazon Relational Database Service',
          cost: 1_250_000,
          billed: 1_250_000,
        },
        {
          place: 'eks-production-euw1//',
          service: 'shared',
          awsService: ec2,
          cost: 23_200,
          billed: 23_200,
        },
        // not the node's shared tag: the pod's own (none), its label
        {
          place: 'eks-production-euw1/production/checkout-api',
          service: '',
          awsService: ec2,
          cost: 40_000,
          billed: 40_000,
        },
        {
          place: 'eks-production-euw1/production/inventory-api',
          service: 'inventory-api',
          awsService: ec2,
          cost: 20_000,
          billed: 20_000,
        },
      ]);
      const teams = (await store
        .knex('aws_cost_daily')
        .where({ source: 'focus' })
        .whereNot('workload', '')
        .distinct('team')) as Array<{ team: string }>;
      expect(teams).toEqual([{ team: '' }]);
    });

    it('imports a CUR 2.0 file without split columns exactly as before', async () => {
      const store = await newCostStore(databases, id);
      await importCostFile({
        store,
        source: 'cur',
        path: fixture('cur2-data-exports.csv'),
        tagKeys: DEFAULT_TAG_KEYS,
      });
      const rows = await places(store, 'cur');
      expect(rows.every(r => r.place === '//')).toBe(true);
    });

    it('keeps a pod split cost whose node is not in the file', async () => {
      const store = await newCostStore(databases, id);
      const lines = readFileSync(fixture('cur2-eks-split.csv'), 'utf8')
        .split('\n')
        .filter(l => !l.includes(',i-0aaa1111aaaa1111a,,'));
      const path = resolve(mkdtempSync(resolve(tmpdir(), 'split-')), 'a.csv');
      writeFileSync(path, lines.join('\n'));
      await importCostFile({
        store,
        source: 'cur',
        path,
        tagKeys: DEFAULT_TAG_KEYS,
      });
      const rows = await places(store, 'cur');
      expect(rows.map(r => [r.place, r.cost])).toEqual([
        ['//', 50_000],
        ['//', 1_250_000],
        ['eks-production-euw1/production/checkout-api', 40_000],
        ['eks-production-euw1/production/inventory-api', 20_000],
        ['eks-staging-euw1//', 30_000],
        ['eks-staging-euw1/staging/payments-api', 30_000],
      ]);
    });
  },
);
