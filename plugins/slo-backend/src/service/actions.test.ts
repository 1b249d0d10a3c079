import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntitySlosResponse } from '@runway/plugin-slo-common';
import { registerSloActions } from './actions';
import { SloService } from './SloService';

const CHECKOUT: EntitySlosResponse = {
  entityRef: 'component:default/checkout-api',
  sloRef: './slo.yaml',
  slos: [
    {
      entityRef: 'component:default/checkout-api',
      name: 'checkout-api-availability',
      service: 'checkout-api',
      objective: 0.999,
      window: '30d',
      sliType: 'ratio',
      sli: 0.9985,
      remaining: -0.5,
      burnRate: 15.2,
      timeToExhaustionSeconds: 0,
      alerts: { page: true, ticket: false },
      status: 'exhausted',
      evaluatedAt: '2026-12-05T09:00:00Z',
    } as EntitySlosResponse['slos'][number],
  ],
  issues: [],
  errors: [],
};

/** A service answering for checkout-api; every call is recorded. */
function fakeService() {
  const calls: string[] = [];
  const service: SloService = {
    sampleData: false,
    environment: env => {
      if (env !== undefined && env !== 'production' && env !== 'staging') {
        throw new Error(`Unknown environment '${env}'`);
      }
      return env ?? 'production';
    },
    entitySlos: async (ref, env, credentials) => {
      calls.push(
        `entitySlos ${ref} ${env} ${
          (credentials.principal as { userEntityRef?: string }).userEntityRef
        }`,
      );
      return CHECKOUT;
    },
    gate: async (ref, env) => {
      calls.push(`gate ${ref} ${env}`);
      return {
        decision: 'deny',
        reasons: [
          'checkout-api-availability: error budget exhausted (-50% left)',
        ],
      };
    },
    sloDetail: async () => {
      throw new Error('not used');
    },
    listSlos: async () => {
      throw new Error('not used');
    },
    teamCompliance: async () => {
      throw new Error('not used');
    },
    entityRequests: async () => {
      throw new Error('not used');
    },
  };
  return { service, calls };
}

function registry(result: AuthorizeResult.ALLOW | AuthorizeResult.DENY) {
  const actions = actionsRegistryServiceMock();
  const { service, calls } = fakeService();
  registerSloActions({
    actionsRegistry: actions,
    permissions: mockServices.permissions({ result }),
    service,
  });
  return { actions, calls };
}

describe('SLO actions', () => {
  const credentials = mockCredentials.user('user:default/grace.checkout');

  it('slo-status answers the SLOs of an entity with their budget and burn, as the route does', async () => {
    const { actions, calls } = registry(AuthorizeResult.ALLOW);
    const { output } = await actions.invoke({
      id: 'test:slo-status',
      input: { entityRef: 'checkout-api' },
      credentials,
    });
    expect(output).toEqual({
      entityRef: 'component:default/checkout-api',
      environment: 'production',
      slos: [
        {
          name: 'checkout-api-availability',
          objective: 0.999,
          window: '30d',
          status: 'exhausted',
          sli: 0.9985,
          remaining: -0.5,
          burnRate: 15.2,
          timeToExhaustionSeconds: 0,
        },
      ],
      issues: [],
      errors: [],
    });
    // the caller's own credentials reach the catalog look-up
    expect(calls).toEqual([
      'entitySlos checkout-api production user:default/grace.checkout',
    ]);
  });

  it('deploy-gate answers the decision with its reasons', async () => {
    const { actions, calls } = registry(AuthorizeResult.ALLOW);
    const { output } = await actions.invoke({
      id: 'test:deploy-gate',
      input: {
        entityRef: 'component:default/checkout-api',
        environment: 'production',
      },
      credentials,
    });
    expect(output).toEqual({
      entityRef: 'component:default/checkout-api',
      environment: 'production',
      decision: 'deny',
      reasons: [
        'checkout-api-availability: error budget exhausted (-50% left)',
      ],
    });
    expect(calls).toEqual(['gate component:default/checkout-api production']);
  });

  it('refuses a caller without slo.read before anything is read', async () => {
    const { actions, calls } = registry(AuthorizeResult.DENY);
    for (const [id, input] of [
      ['test:slo-status', { entityRef: 'checkout-api' }],
      [
        'test:deploy-gate',
        { entityRef: 'checkout-api', environment: 'production' },
      ],
    ] as const) {
      await expect(
        actions.invoke({ id, input: { ...input }, credentials }),
      ).rejects.toThrow('Not allowed to read SLOs (slo.read)');
    }
    expect(calls).toEqual([]);
  });

  it('refuses an input without the required fields, naming the field', async () => {
    const { actions } = registry(AuthorizeResult.ALLOW);
    await expect(
      actions.invoke({
        id: 'test:deploy-gate',
        input: { entityRef: 'checkout-api' },
        credentials,
      }),
    ).rejects.toThrow(/environment/);
  });
});
