import { mockCredentials } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import {
  FakePrometheus,
  entity,
  fakeCatalog,
  fakeDefinitions,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { TeamCompliance } from './teamCompliance';

const REF = 'component:default/checkout-api';
const DAY = 86400;

function subject(prom: FakePrometheus) {
  const other = entity('other-api');
  other.relations = [{ type: 'ownedBy', targetRef: 'group:default/other' }];
  const catalog = fakeCatalog([entity(), other]);
  const { evaluator, clock } = fakeEvaluation([prom]);
  const definitions = fakeDefinitions({
    [REF]: {
      slos: [slo({ sli: { type: 'raw', errorRatio: 'errors[{{.window}}]' } })],
      issues: [],
    },
    'component:default/other-api': { slos: [slo()], issues: [] },
  });
  return {
    catalog,
    compliance: new TeamCompliance({ catalog, definitions, evaluator, clock }),
  };
}

describe('TeamCompliance', () => {
  it('answers the monthly SLI of every SLO the team owns and whether it met the objective', async () => {
    // September: 0.05 % errors (met); October: 0.2 % (missed); November: no data
    const prom = new FakePrometheus('main', {
      raw: expr =>
        ({ [`errors[${30 * DAY}s]`]: 0.0005, [`errors[${31 * DAY}s]`]: 0.002 }[
          expr
        ]),
    });
    const { catalog, compliance } = subject(prom);
    const result = await compliance.get(
      'team-checkout',
      3,
      'production',
      mockCredentials.user(),
    );
    expect(catalog.calls).toEqual([
      'teamEntitiesWithSlos group:default/team-checkout',
    ]);
    expect(result.team).toBe('group:default/team-checkout');
    expect(result.months).toEqual(['2026-09', '2026-10', '2026-11']);
    expect(result.errors).toEqual([]);
    expect(result.rows).toHaveLength(1);
    const [row] = result.rows;
    expect(row).toMatchObject({
      entityRef: REF,
      slo: 'checkout-api-availability',
      objective: 0.999,
    });
    expect(row.months[0]).toEqual({
      month: '2026-09',
      sli: expect.closeTo(0.9995, 9),
      met: true,
    });
    expect(row.months[1]).toEqual({
      month: '2026-10',
      sli: expect.closeTo(0.998, 9),
      met: false,
    });
    expect(row.months[2]).toEqual({ month: '2026-11' });
  });

  it('names a failing source once and leaves its months empty', async () => {
    const prom = new FakePrometheus('main');
    prom.down = new Error('unreachable');
    const result = await subject(prom).compliance.get(
      'group:default/team-checkout',
      2,
      'production',
      mockCredentials.user(),
    );
    expect(result.errors).toEqual([{ source: 'main', message: 'unreachable' }]);
    expect(result.rows[0].months).toEqual([
      { month: '2026-10' },
      { month: '2026-11' },
    ]);
  });

  it('rejects a team that is not an entity ref', async () => {
    const { catalog, compliance } = subject(new FakePrometheus('main'));
    await expect(
      compliance.get('group:', 6, 'production', mockCredentials.user()),
    ).rejects.toThrow(InputError);
    expect(catalog.calls).toEqual([]);
  });
});
