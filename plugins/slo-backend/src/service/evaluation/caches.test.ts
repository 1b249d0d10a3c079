import { slo } from '../../__testUtils__/fakes';
import { createSloCaches, evaluationKey, historyKey, monthKey } from './caches';

describe('SLO caches', () => {
  it('creates three independent caches that expire after the TTL', async () => {
    let now = 0;
    const caches = createSloCaches(1000, () => now);
    const load = jest.fn(async () => [{ t: 1, remaining: 0.5 }]);
    await caches.history.get('k', load);
    await caches.history.get('k', load);
    expect(load).toHaveBeenCalledTimes(1);
    // same key, another cache: its own entry
    const month = jest.fn(async () => 0.001);
    expect(await caches.months.get('k', month)).toBe(0.001);
    expect(month).toHaveBeenCalledTimes(1);
    now = 1000;
    await caches.history.get('k', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('keys current figures by source, entity, SLO, SLI and objective', () => {
    const base = evaluationKey('main', 'component:default/a', slo());
    expect(evaluationKey('main', 'component:default/a', slo())).toBe(base);
    for (const other of [
      evaluationKey('other', 'component:default/a', slo()),
      evaluationKey('main', 'component:default/b', slo()),
      evaluationKey('main', 'component:default/a', slo({ name: 'x' })),
      evaluationKey('main', 'component:default/a', slo({ objective: 0.99 })),
      evaluationKey(
        'main',
        'component:default/a',
        slo({ sli: { type: 'raw', errorRatio: 'r[{{.window}}]' } }),
      ),
    ]) {
      expect(other).not.toBe(base);
    }
  });

  it('keys histories by their last step', () => {
    expect(historyKey('main', 'component:default/a', 's', 600)).not.toBe(
      historyKey('main', 'component:default/a', 's', 900),
    );
  });

  it('keeps one entry per closed month and one per time for the month so far', () => {
    const month = { month: '2026-10', end: 2000 };
    // closed: the same entry whenever it is asked
    expect(monthKey('main', slo(), month, 2000)).toBe(
      monthKey('main', slo(), month, 5000),
    );
    expect(monthKey('main', slo(), month, 5000)).toMatch(/\|closed$/);
    // the month so far: a new entry as time passes
    expect(monthKey('main', slo(), month, 1500)).toMatch(/\|1500$/);
    expect(monthKey('main', slo(), month, 1500)).not.toBe(
      monthKey('main', slo(), month, 1600),
    );
  });
});
