import { Entity } from '@backstage/catalog-model';
import {
  allocationFilter,
  COST_ALLOCATION_ANNOTATION,
  costAllocationOf,
  parseCostAllocation,
} from './allocation';

const entity = (kind: string, name: string, annotation?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: {
    name,
    ...(annotation !== undefined
      ? { annotations: { [COST_ALLOCATION_ANNOTATION]: annotation } }
      : {}),
  },
});

describe('cost allocation', () => {
  it('is the contract annotation', () => {
    expect(COST_ALLOCATION_ANNOTATION).toBe('runway.io/cost-allocation');
  });

  it('parses tag=value pairs joined by commas', () => {
    expect(
      parseCostAllocation('service=billing-worker, environment=production'),
    ).toEqual([
      { tag: 'service', value: 'billing-worker' },
      { tag: 'environment', value: 'production' },
    ]);
    expect(parseCostAllocation('user:cost-center=4711')).toEqual([
      { tag: 'user:cost-center', value: '4711' },
    ]);
  });

  it.each([
    ['', /empty/],
    ['service', /not a tag=value pair/],
    ['service=', /not a tag=value pair/],
    ['=x', /not a tag=value pair/],
    ['service=a,,team=b', /not a tag=value pair/],
    ['service=a,service=b', /more than once/],
    ['aws:createdBy=x', /not a valid tag key/],
  ])('rejects %j', (value, message) => {
    expect(() => parseCostAllocation(value)).toThrow(message);
  });

  it('defaults to service=<name> for a Component and team=<name> for a Group', () => {
    expect(costAllocationOf(entity('Component', 'checkout-api'))).toEqual([
      { tag: 'service', value: 'checkout-api' },
    ]);
    expect(costAllocationOf(entity('Group', 'team-payments'))).toEqual([
      { tag: 'team', value: 'team-payments' },
    ]);
    expect(costAllocationOf(entity('System', 'shop'))).toEqual([]);
    expect(
      costAllocationOf(entity('System', 'shop', 'team=team-checkout')),
    ).toEqual([{ tag: 'team', value: 'team-checkout' }]);
  });

  it('uses configured tag keys for defaults and filters', () => {
    const keys = { team: 'owner-team', service: 'app', environment: 'env' };
    expect(costAllocationOf(entity('Component', 'x'), keys)).toEqual([
      { tag: 'app', value: 'x' },
    ]);
    expect(
      allocationFilter(
        parseCostAllocation('app=x,env=production,cost-center=1'),
        keys,
      ),
    ).toEqual({
      filter: { service: 'x', environment: 'production' },
      unmatched: [{ tag: 'cost-center', value: '1' }],
    });
  });
});
