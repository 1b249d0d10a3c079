import { Meter, ObservableCallback } from '@opentelemetry/api';
import { SourceHealthGauge } from './SourceHealthGauge';

function fakeMeter() {
  const gauges: Array<{ name: string; callback?: ObservableCallback }> = [];
  const meter = {
    createObservableGauge: (name: string) => {
      const gauge: { name: string; callback?: ObservableCallback } = { name };
      gauges.push(gauge);
      return {
        addCallback: (callback: ObservableCallback) => {
          gauge.callback = callback;
        },
      };
    },
  } as unknown as Meter;
  return { meter, gauges };
}

async function collect(callback: ObservableCallback) {
  const observed: Array<[number, unknown]> = [];
  await callback({
    observe: (value: number, attributes: unknown) =>
      observed.push([value, attributes]),
  } as any);
  return observed;
}

describe('SourceHealthGauge', () => {
  it('registers runway_slo_prometheus_up and reports the last outcome per source', async () => {
    const { meter, gauges } = fakeMeter();
    const health = new SourceHealthGauge({ meter });
    expect(gauges.map(g => g.name)).toEqual(['runway_slo_prometheus_up']);
    const callback = gauges[0].callback!;
    expect(await collect(callback)).toEqual([]);

    health.record('main', true);
    health.record('staging', true);
    health.record('staging', false);
    expect(await collect(callback)).toEqual([
      [1, { source: 'main' }],
      [0, { source: 'staging' }],
    ]);
  });
});
