import { SloSourceError } from '@runway/plugin-slo-common';
import {
  BURNING,
  FakePrometheus,
  NOW,
  fakeEvaluation,
  slo,
} from '../../__testUtils__/fakes';

const REF = 'component:default/checkout-api';
// a raw SLI keeps the expressions readable: `errors[<window>]`
const raw = slo({ sli: { type: 'raw', errorRatio: 'errors[{{.window}}]' } });
const rawValues = (values: Record<string, number>) => (expr: string) =>
  values[/^errors\[(\w+)\]$/.exec(expr)?.[1] ?? ''];

describe('SloEvaluator.evaluate', () => {
  it('reads every window from the recording rules in one query', async () => {
    const prom = new FakePrometheus('main', {
      recorded: { [raw.name]: BURNING },
    });
    const { evaluator, health } = fakeEvaluation([prom]);
    const errors: SloSourceError[] = [];
    const evaluation = await evaluator.evaluate(REF, raw, 'production', errors);
    const { '30d': window, ...alertWindows } = BURNING;
    expect(evaluation).toEqual({
      source: 'main',
      ratios: { ...alertWindows, window },
      fromRecordingRules: true,
      evaluatedAt: NOW,
    });
    expect(prom.queries).toEqual([
      {
        expr: `{__name__=~"slo:sli_error:ratio_rate.+",slo="${raw.name}",service="${raw.service}"}`,
        time: NOW,
      },
    ]);
    expect(errors).toEqual([]);
    expect(health).toEqual([['main', true]]);
  });

  it('falls back to raw expressions without recording rules', async () => {
    const prom = new FakePrometheus('main', {
      raw: rawValues({ '5m': 0.01, '1h': 0.002, '2592000s': 0.0005 }),
    });
    const { evaluator } = fakeEvaluation([prom]);
    const evaluation = await evaluator.evaluate(REF, raw, 'production', []);
    expect(evaluation?.fromRecordingRules).toBe(false);
    expect(evaluation?.ratios).toMatchObject({
      '5m': 0.01,
      '1h': 0.002,
      '3d': undefined,
      window: 0.0005,
    });
    // the rule lookup, the seven alert windows and the whole window
    expect(prom.queries.map(q => q.expr)).toEqual([
      expect.stringMatching(/^\{__name__=~/),
      'errors[5m]',
      'errors[30m]',
      'errors[1h]',
      'errors[2h]',
      'errors[6h]',
      'errors[1d]',
      'errors[3d]',
      'errors[2592000s]',
    ]);
  });

  it('asks for the month so far for calendar-month SLOs', async () => {
    const monthly = slo({
      ...raw,
      window: { type: 'calendar-month', timeZone: 'UTC' },
    });
    const prom = new FakePrometheus('main', {
      recorded: { [raw.name]: BURNING },
      raw: () => 0.0002,
    });
    const { evaluator } = fakeEvaluation([prom]);
    const evaluation = await evaluator.evaluate(REF, monthly, 'production', []);
    const monthStart = Date.UTC(2026, 10, 1) / 1000;
    expect(prom.queries.at(-1)).toEqual({
      expr: `errors[${NOW - monthStart}s]`,
      time: NOW,
    });
    expect(evaluation?.ratios.window).toBe(0.0002);
    expect(evaluation?.fromRecordingRules).toBe(false);
  });

  it('prefers a source with data, reports failed sources once and caches per source', async () => {
    const down = new FakePrometheus('down');
    down.down = new Error('unreachable');
    const empty = new FakePrometheus('empty', {
      recorded: { [raw.name]: { '1h': 0.001 } },
    });
    const full = new FakePrometheus('full', {
      recorded: { [raw.name]: BURNING },
    });
    const { evaluator } = fakeEvaluation([down, empty, full]);
    const errors: SloSourceError[] = [];
    const first = await evaluator.evaluate(REF, raw, 'production', errors);
    expect(first?.source).toBe('full');
    const again = await evaluator.evaluate(REF, raw, 'production', errors);
    expect(again).toBe(first);
    expect(errors).toEqual([{ source: 'down', message: 'unreachable' }]);
    expect(full.queries).toHaveLength(1);
    // a failure is not cached: the dead source is asked again
    expect(down.queries).toHaveLength(2);
  });

  it('falls back to a source without window data, and to nothing when all fail', async () => {
    const empty = new FakePrometheus('empty', {
      recorded: { [raw.name]: { '1h': 0.001 } },
    });
    const { evaluator } = fakeEvaluation([empty]);
    expect((await evaluator.evaluate(REF, raw, 'production', []))?.source).toBe(
      'empty',
    );
    const down = new FakePrometheus('down');
    down.down = new Error('HTTP 503');
    const failing = fakeEvaluation([down]).evaluator;
    const errors: SloSourceError[] = [];
    expect(
      await failing.evaluate(REF, raw, 'production', errors),
    ).toBeUndefined();
    expect(errors).toEqual([{ source: 'down', message: 'HTTP 503' }]);
  });
});
