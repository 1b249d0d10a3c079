import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('@runway/plugin-aws-cost-backend');

/** Paid Cost Explorer calls by operation. */
export const ceCallsCounter = meter.createCounter(
  'runway_cost_explorer_calls_total',
  {
    description:
      'Paid AWS Cost Explorer API calls made by Runway, by operation',
  },
);

/** Failed syncs or imports by source. */
export const syncFailuresCounter = meter.createCounter(
  'runway_cost_sync_failures_total',
  { description: 'Failed cost syncs or imports, by source' },
);

const lastSuccess = new Map<string, number>();
let openAnomalies = 0;

meter
  .createObservableGauge('runway_cost_sync_last_success_timestamp_seconds', {
    description:
      'Unix time of the last successful cost sync or import, by source',
    unit: 's',
  })
  .addCallback(result => {
    for (const [source, seconds] of lastSuccess)
      result.observe(seconds, { source });
  });

meter
  .createObservableGauge('runway_cost_anomalies_open', {
    description: 'Cost anomalies currently open',
  })
  .addCallback(result => result.observe(openAnomalies));

/** Records a successful sync for the gauge. */
export function recordSyncSuccess(source: string, at: Date = new Date()) {
  lastSuccess.set(source, Math.floor(at.getTime() / 1000));
}

/** Records a failed sync. */
export function recordSyncFailure(source: string) {
  syncFailuresCounter.add(1, { source });
}

/** Updates the open anomalies gauge. */
export function setOpenAnomalies(count: number) {
  openAnomalies = count;
}
