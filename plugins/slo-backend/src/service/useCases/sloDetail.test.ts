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
import { SloDetail, historyRange } from './sloDetail';

const REF = 'component:default/checkout-api';
const DAY = 86400;

describe('historyRange', () => {
  it('covers the whole window in about 240 steps of whole 5 minutes', () => {
    const rolling = (days: number) => ({
      type: 'rolling' as const,
      duration: `${days}d`,
      seconds: days * DAY,
    });
    const month = historyRange(rolling(30), NOW);
    expect(month.stepSeconds).toBe(10800);
    expect(month.end % 10800).toBe(0);
    expect(month.end).toBeLessThanOrEqual(NOW);
    expect(NOW - month.end).toBeLessThan(10800);
    expect(month.end - month.start).toBe(30 * DAY);
    expect(historyRange(rolling(7), NOW).stepSeconds).toBe(2700);
    expect(
      historyRange({ type: 'rolling', duration: '1h', seconds: 3600 }, NOW)
        .stepSeconds,
    ).toBe(300);
    expect(
      historyRange({ type: 'calendar-month', timeZone: 'UTC' }, NOW)
        .stepSeconds,
    ).toBe(10800);
  });
});

describe('SloDetail', () => {
  function subject(prom: FakePrometheus) {
    const { evaluator, clock } = fakeEvaluation([prom]);
    return new SloDetail({
      catalog: fakeCatalog([entity()]),
      definitions: fakeDefinitions({
        [REF]: { sloRef: './slo.yaml', slos: [slo()], issues: [] },
      }),
      evaluator,
      clock,
    });
  }
  const credentials = mockCredentials.user();

  it('answers the figures and the history, ending with the current figure', async () => {
    const { end, start } = historyRange(slo().window, NOW);
    const prom = new FakePrometheus('main', {
      recorded: { 'checkout-api-availability': BURNING },
      range: () => [
        {
          labels: {},
          values: Array.from({ length: 240 }, (_, i) => [
            start + (i + 1) * 10800,
            0.0002,
          ]),
        },
      ],
    });
    const detail = await subject(prom).get(
      REF,
      'checkout-api-availability',
      'production',
      credentials,
    );
    expect(detail.stepSeconds).toBe(10800);
    expect(detail.errors).toEqual([]);
    expect(detail.slo.remaining).toBeCloseTo(0.7, 9);
    expect(detail.history).toHaveLength(241);
    expect(detail.history[239].t).toBe(end);
    expect(detail.history[0].remaining).toBeCloseTo(0.8, 9);
    expect(detail.history[240].t).toBe(NOW);
    expect(detail.history[240].remaining).toBeCloseTo(0.7, 9);
  });

  it('answers 404 for an SLO the entity does not have', async () => {
    await expect(
      subject(new FakePrometheus('main')).get(
        REF,
        'nope',
        'production',
        credentials,
      ),
    ).rejects.toThrow(new NotFoundError(`${REF} has no SLO named 'nope'`));
  });

  it('answers without history when Prometheus is down', async () => {
    const prom = new FakePrometheus('main');
    prom.down = new Error('unreachable');
    const detail = await subject(prom).get(
      REF,
      'checkout-api-availability',
      'production',
      credentials,
    );
    expect(detail.slo.status).toBe('unknown');
    expect(detail.history).toEqual([]);
    expect(detail.errors).toEqual([{ source: 'main', message: 'unreachable' }]);
    expect(prom.rangeQueries).toEqual([]);
  });
});
