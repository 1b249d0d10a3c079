import { Counter, metrics } from '@opentelemetry/api';

/*
 * Runway's cost metrics (OpenTelemetry API; the backend exports them for
 * Prometheus). Instruments are created on first use, after the backend has
 * registered its meter provider.
 */

const lastSuccess = new Map<string, number>();
let openAnomalies = 0;
let instruments: { calls: Counter; failures: Counter } | undefined;

function get() {
  if (!instruments) {
    const meter = metrics.getMeter('@runway/plugin-aws-cost-backend');
    instruments = {
      calls: meter.createCounter('runway_cost_explorer_calls_total', {
        description:
          'Paid AWS Cost Explorer API calls made by Runway, by operation',
      }),
      failures: meter.createCounter('runway_cost_sync_failures_total', {
        description: 'Failed cost syncs or imports, by source',
      }),
    };
    meter
      .createObservableGauge(
        'runway_cost_sync_last_success_timestamp_seconds',
        {
          description:
            'Unix time of the last successful cost sync or import, by source',
          unit: 's',
        },
      )
      .addCallback(result => {
        for (const [source, seconds] of lastSuccess) {
          result.observe(seconds, { source });
        }
      });
    meter
      .createObservableGauge('runway_cost_anomalies_open', {
        description: 'Cost anomalies currently open',
      })
      .addCallback(result => result.observe(openAnomalies));
  }
  return instruments;
}

/** Registers the instruments (plugin start-up). */
export function registerCostMetrics() {
  get();
}

/** Counts one paid Cost Explorer call. */
export function countCostExplorerCall(operation: string) {
  get().calls.add(1, { operation });
}

/** Records a successful sync for the gauge. */
export function recordSyncSuccess(source: string, at: Date = new Date()) {
  get();
  lastSuccess.set(source, Math.floor(at.getTime() / 1000));
}

/** Records a failed sync. */
export function recordSyncFailure(source: string) {
  get().failures.add(1, { source });
}

/** Updates the open anomalies gauge. */
export function setOpenAnomalies(count: number) {
  get();
  openAnomalies = count;
}
