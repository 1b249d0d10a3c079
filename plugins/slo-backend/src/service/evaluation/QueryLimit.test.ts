import { mockServices } from '@backstage/backend-test-utils';
import { NOW, slo } from '../../__testUtils__/fakes';
import { PrometheusApi } from '../PrometheusClient';
import { createSloCaches } from './caches';
import { PrometheusSources } from './PrometheusSources';
import { QueryLimit } from './QueryLimit';
import { SloEvaluator } from './SloEvaluator';

/** Lets every pending promise callback run. */
const settle = () => new Promise(resolve => setImmediate(resolve));

describe('QueryLimit', () => {
  it('runs at most `max` calls at once, the rest in order as slots free up', async () => {
    const limit = new QueryLimit(2);
    const release: Array<() => void> = [];
    const started: number[] = [];
    const calls = [0, 1, 2, 3].map(i =>
      limit.run(async () => {
        started.push(i);
        await new Promise<void>(resolve => {
          release[i] = resolve;
        });
        return i;
      }),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    release[1]();
    await settle();
    expect(started).toEqual([0, 1, 2]);
    release[0]();
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    release[2]();
    release[3]();
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a call that fails', async () => {
    const limit = new QueryLimit(1);
    await expect(
      limit.run(() => Promise.reject(new Error('HTTP 503'))),
    ).rejects.toThrow('HTTP 503');
    await expect(limit.run(async () => 'next')).resolves.toBe('next');
  });
});

describe('SloEvaluator and the per-request query limit', () => {
  it('keeps the queries of one request within slo.queries.maxConcurrentQueries', async () => {
    let inFlight = 0;
    let peak = 0;
    let count = 0;
    const prometheus: PrometheusApi = {
      name: 'main',
      async query() {
        count++;
        inFlight++;
        peak = Math.max(peak, inFlight);
        await settle();
        inFlight--;
        return []; // no recording rules: every window asked as a raw expression
      },
      async queryRange() {
        return [];
      },
    };
    const evaluator = new SloEvaluator({
      sources: new PrometheusSources({
        sources: [{ client: prometheus, environments: ['production'] }],
        defaultEnvironment: 'production',
        logger: mockServices.logger.mock(),
      }),
      caches: createSloCaches(0),
      clock: () => NOW,
      maxConcurrentQueries: 2,
    });
    const limit = evaluator.requestLimit();
    await Promise.all(
      ['a', 'b', 'c'].map(name =>
        evaluator.evaluate(
          `component:default/${name}`,
          slo({ name }),
          'production',
          [],
          limit,
        ),
      ),
    );
    expect(count).toBeGreaterThan(6);
    expect(peak).toBe(2);
  });
});
