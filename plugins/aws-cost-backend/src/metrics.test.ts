import { metrics } from '@opentelemetry/api';
import {
  AggregationTemporality,
  MeterProvider,
  MetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  countCostExplorerCall,
  recordSyncFailure,
  recordSyncSuccess,
  setOpenAnomalies,
} from './metrics';

class TestReader extends MetricReader {
  constructor() {
    super({
      aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE,
    });
  }
  protected async onForceFlush() {}
  protected async onShutdown() {}
}

describe('cost metrics', () => {
  it('exports the metric names docs alerts use, with their labels', async () => {
    const reader = new TestReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
    countCostExplorerCall('GetCostAndUsage');
    countCostExplorerCall('GetCostAndUsage');
    countCostExplorerCall('GetAnomalies');
    recordSyncFailure('cost-explorer');
    recordSyncSuccess('sample', new Date('2026-11-27T00:00:00Z'));
    setOpenAnomalies(2);
    const { resourceMetrics } = await reader.collect();
    const points = Object.fromEntries(
      resourceMetrics.scopeMetrics
        .flatMap(s => s.metrics)
        .map(m => [
          m.descriptor.name,
          m.dataPoints.map(p => ({ attributes: p.attributes, value: p.value })),
        ]),
    );
    expect(points.runway_cost_explorer_calls_total).toEqual(
      expect.arrayContaining([
        { attributes: { operation: 'GetCostAndUsage' }, value: 2 },
        { attributes: { operation: 'GetAnomalies' }, value: 1 },
      ]),
    );
    expect(points.runway_cost_sync_failures_total).toEqual([
      { attributes: { source: 'cost-explorer' }, value: 1 },
    ]);
    expect(points.runway_cost_sync_last_success_timestamp_seconds).toEqual([
      { attributes: { source: 'sample' }, value: 1795737600 },
    ]);
    expect(points.runway_cost_anomalies_open).toEqual([
      { attributes: {}, value: 2 },
    ]);
  });
});
