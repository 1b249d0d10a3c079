import { mockCredentials } from '@backstage/backend-test-utils';
import { NotFoundError } from '@backstage/errors';
import {
  BURNING,
  FakePrometheus,
  NOW,
  entity,
  fakeCatalog,
  fakeDefinitions,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { EntitySlos } from './entitySlos';

const REF = 'component:default/checkout-api';

function subject(prom: FakePrometheus) {
  const catalog = fakeCatalog([entity(), entity('plain')]);
  const { evaluator, clock } = fakeEvaluation([prom]);
  const definitions = fakeDefinitions({
    [REF]: {
      sloRef: './slo.yaml',
      slos: [slo(), slo({ name: 'checkout-api-latency' })],
      issues: [{ path: 'documents[1].kind', message: 'unknown kind' }],
    },
  });
  return {
    catalog,
    entitySlos: new EntitySlos({ catalog, definitions, evaluator, clock }),
  };
}

describe('EntitySlos', () => {
  it('summarises every SLO of an entity, with the SLO file problems', async () => {
    const prom = new FakePrometheus('main', {
      recorded: { 'checkout-api-availability': BURNING },
    });
    const { catalog, entitySlos } = subject(prom);
    const result = await entitySlos.forRef(
      REF,
      'production',
      mockCredentials.user(),
    );
    expect(catalog.calls).toEqual([`entity ${REF}`]);
    expect(result).toMatchObject({
      entityRef: REF,
      sloRef: './slo.yaml',
      issues: [{ path: 'documents[1].kind', message: 'unknown kind' }],
      errors: [],
    });
    expect(result.slos.map(s => [s.name, s.status])).toEqual([
      ['checkout-api-availability', 'warning'],
      // no recording rules and no raw data for the latency SLO
      ['checkout-api-latency', 'unknown'],
    ]);
    expect(result.slos[0].remaining).toBeCloseTo(0.7, 9);
    expect(result.slos[1].error).toBe('no data for this SLO yet');
  });

  it('keeps answering when Prometheus is down, naming the source', async () => {
    const prom = new FakePrometheus('main');
    prom.down = new Error('unreachable');
    const { entitySlos } = subject(prom);
    const result = await entitySlos.forEntity(entity(), 'production');
    expect(result.errors).toEqual([{ source: 'main', message: 'unreachable' }]);
    expect(result.slos.map(s => [s.status, s.error])).toEqual([
      ['unknown', 'main: unreachable'],
      ['unknown', 'main: unreachable'],
    ]);
    expect(result.slos[0].evaluatedAt).toBe(new Date(NOW * 1000).toISOString());
  });

  it('answers an entity without SLOs with none, and a missing one with 404', async () => {
    const { entitySlos } = subject(new FakePrometheus('main'));
    expect(await entitySlos.forEntity(entity('plain'), 'production')).toEqual({
      entityRef: 'component:default/plain',
      sloRef: undefined,
      slos: [],
      issues: [],
      errors: [],
    });
    await expect(
      entitySlos.forRef(
        'component:default/nope',
        'production',
        mockCredentials.user(),
      ),
    ).rejects.toThrow(NotFoundError);
  });
});
