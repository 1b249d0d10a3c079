import { SloSourceError } from '@runway/plugin-slo-common';
import {
  FakePrometheus,
  NOW,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';
import { Evaluation } from './types';

const REF = 'component:default/checkout-api';
const raw = slo({ sli: { type: 'raw', errorRatio: 'errors[{{.window}}]' } });
const range = { start: 0, end: 3000, stepSeconds: 300 };
const evaluation = (fromRecordingRules: boolean): Evaluation => ({
  source: 'main',
  ratios: { window: 0.0005 },
  fromRecordingRules,
  evaluatedAt: NOW,
});
const series = (n: number) => [
  {
    labels: {},
    values: Array.from(
      { length: n },
      (_, i) => [i * 300, 0.0001 * i] as [number, number],
    ),
  },
];

describe('SloEvaluator.budgetHistory', () => {
  it('reads the recorded window series and converts it to remaining budget', async () => {
    const prom = new FakePrometheus('main', { range: () => series(10) });
    const { evaluator } = fakeEvaluation([prom]);
    const history = await evaluator.budgetHistory({
      entityRef: REF,
      slo: raw,
      env: 'production',
      evaluation: evaluation(true),
      range,
      errors: [],
    });
    expect(prom.rangeQueries).toEqual([
      {
        expr: `slo:sli_error:ratio_rate30d{slo="${raw.name}",service="${raw.service}"}`,
        start: 0,
        end: 3000,
        step: 300,
      },
    ]);
    expect(history).toHaveLength(10);
    expect(history[0]).toEqual({ t: 0, remaining: 1 });
    expect(history[5].remaining).toBeCloseTo(0.5, 9);
  });

  it('uses the raw expression when the rules hold too little history, dropping NaN', async () => {
    const prom = new FakePrometheus('main', {
      range: expr =>
        expr.startsWith('slo:')
          ? series(3)
          : [
              {
                labels: {},
                values: [
                  [0, 0.0002],
                  [300, NaN],
                ],
              },
            ],
    });
    const { evaluator } = fakeEvaluation([prom]);
    const history = await evaluator.budgetHistory({
      entityRef: REF,
      slo: raw,
      env: 'production',
      evaluation: evaluation(true),
      range,
      errors: [],
    });
    expect(prom.rangeQueries.map(q => q.expr)).toEqual([
      `slo:sli_error:ratio_rate30d{slo="${raw.name}",service="${raw.service}"}`,
      'errors[30d]',
    ]);
    expect(history).toHaveLength(1);
    expect(history[0].remaining).toBeCloseTo(0.8, 9);
  });

  it('skips the rules for raw evaluations, and asks nobody without the source', async () => {
    const prom = new FakePrometheus('main', { range: () => series(10) });
    const { evaluator } = fakeEvaluation([prom]);
    const options = { entityRef: REF, slo: raw, env: 'production', range };
    await evaluator.budgetHistory({
      ...options,
      evaluation: evaluation(false),
      errors: [],
    });
    expect(prom.rangeQueries.map(q => q.expr)).toEqual(['errors[30d]']);
    expect(
      await evaluator.budgetHistory({
        ...options,
        evaluation: undefined,
        errors: [],
      }),
    ).toEqual([]);
    expect(prom.rangeQueries).toHaveLength(1);
  });

  it('reports a failing source and returns no history', async () => {
    const prom = new FakePrometheus('main');
    prom.down = new Error('timeout');
    const { evaluator } = fakeEvaluation([prom]);
    const errors: SloSourceError[] = [];
    expect(
      await evaluator.budgetHistory({
        entityRef: REF,
        slo: raw,
        env: 'production',
        evaluation: evaluation(true),
        range,
        errors,
      }),
    ).toEqual([]);
    expect(errors).toEqual([{ source: 'main', message: 'timeout' }]);
  });
});

describe('SloEvaluator.monthErrorRatio', () => {
  const october = {
    month: '2026-10',
    start: Date.UTC(2026, 9, 1) / 1000,
    end: Date.UTC(2026, 10, 1) / 1000,
  };

  it('asks for the whole month at its end, first source with data wins', async () => {
    const down = new FakePrometheus('down');
    down.down = new Error('unreachable');
    const empty = new FakePrometheus('empty');
    const full = new FakePrometheus('full', { raw: () => 0.0004 });
    const { evaluator } = fakeEvaluation([down, empty, full]);
    const errors: SloSourceError[] = [];
    const ask = () =>
      evaluator.monthErrorRatio({
        slo: raw,
        env: 'production',
        month: october,
        now: NOW,
        errors,
      });
    expect(await ask()).toBe(0.0004);
    expect(full.queries).toEqual([
      { expr: `errors[${31 * 86400}s]`, time: october.end },
    ]);
    // a closed month is cached; the failed source is reported once
    expect(await ask()).toBe(0.0004);
    expect(full.queries).toHaveLength(1);
    expect(errors).toEqual([{ source: 'down', message: 'unreachable' }]);
  });

  it('asks for the month so far, and for nothing before the month starts', async () => {
    const prom = new FakePrometheus('main', { raw: () => 0.001 });
    const { evaluator } = fakeEvaluation([prom]);
    const november = {
      month: '2026-11',
      start: Date.UTC(2026, 10, 1) / 1000,
      end: Date.UTC(2026, 11, 1) / 1000,
    };
    const options = { slo: raw, env: 'production', errors: [] };
    expect(
      await evaluator.monthErrorRatio({
        ...options,
        month: november,
        now: NOW,
      }),
    ).toBe(0.001);
    expect(prom.queries).toEqual([
      { expr: `errors[${NOW - november.start}s]`, time: NOW },
    ]);
    expect(
      await evaluator.monthErrorRatio({
        ...options,
        month: november,
        now: november.start,
      }),
    ).toBeUndefined();
    expect(prom.queries).toHaveLength(1);
  });
});
