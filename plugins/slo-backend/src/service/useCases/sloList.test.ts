import { mockCredentials } from '@backstage/backend-test-utils';
import { EntitySlosResponse, SloSummary } from '@runway/plugin-slo-common';
import {
  BURNING,
  FakePrometheus,
  entity,
  fakeCatalog,
  fakeDefinitions,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { EntitySlos } from './entitySlos';
import { SloList, mergeEntitySlos } from './sloList';

const summary = (name: string, remaining?: number): SloSummary => ({
  entityRef: 'component:default/a',
  name,
  service: 'a',
  objective: 0.99,
  window: '30d',
  sliType: 'ratio',
  remaining,
  alerts: { page: false, ticket: false },
  status: remaining === undefined ? 'unknown' : 'healthy',
  evaluatedAt: '2026-11-27T16:30:00.000Z',
});

const response = (
  entityRef: string,
  part: Partial<EntitySlosResponse>,
): EntitySlosResponse => ({
  entityRef,
  sloRef: './slo.yaml',
  slos: [],
  issues: [],
  errors: [],
  ...part,
});

describe('mergeEntitySlos', () => {
  it('sorts by least budget left, unknown last, then by name', () => {
    const { items } = mergeEntitySlos([
      response('component:default/a', {
        slos: [summary('c', 0.9), summary('unknown')],
      }),
      response('component:default/b', {
        slos: [summary('b', 0.1), summary('a', 0.9)],
      }),
    ]);
    expect(items.map(s => s.name)).toEqual(['b', 'a', 'c', 'unknown']);
  });

  it('reports each source error once and every invalid SLO file', () => {
    const down = { source: 'main', message: 'unreachable' };
    const { errors } = mergeEntitySlos([
      response('component:default/a', { errors: [down] }),
      response('component:default/b', {
        errors: [down],
        issues: [
          { path: 'documents[0].kind', message: 'unknown kind' },
          { path: 'documents[1]', message: 'must be a mapping' },
        ],
      }),
      response('component:default/c', {
        sloRef: undefined,
        issues: [{ path: 'runway.io/slo-ref', message: 'no location' }],
      }),
    ]);
    expect(errors).toEqual([
      down,
      {
        source: './slo.yaml',
        message:
          'component:default/b: invalid SLO file (documents[0].kind: unknown kind; documents[1]: must be a mapping)',
      },
      {
        source: 'component:default/c',
        message:
          'component:default/c: invalid SLO file (runway.io/slo-ref: no location)',
      },
    ]);
  });
});

describe('SloList', () => {
  it('evaluates every entity with an SLO file the caller may see', async () => {
    const catalog = fakeCatalog([entity('a'), entity('b')]);
    const prom = new FakePrometheus('main', {
      recorded: { 'b-availability': BURNING },
    });
    const { evaluator, clock } = fakeEvaluation([prom]);
    const definitions = fakeDefinitions({
      'component:default/a': {
        slos: [slo({ name: 'a-availability' })],
        issues: [],
      },
      'component:default/b': {
        slos: [slo({ name: 'b-availability' })],
        issues: [],
      },
    });
    const list = new SloList({
      catalog,
      entitySlos: new EntitySlos({ catalog, definitions, evaluator, clock }),
    });
    const result = await list.list('production', mockCredentials.user());
    expect(catalog.calls).toEqual(['entitiesWithSlos']);
    expect(result.items.map(s => [s.entityRef, s.name])).toEqual([
      ['component:default/b', 'b-availability'],
      ['component:default/a', 'a-availability'],
    ]);
    expect(result.errors).toEqual([]);
  });
});
