import { Meter, metrics } from '@opentelemetry/api';
import { SLO_PROMETHEUS_UP_METRIC } from '@runway/plugin-slo-common';

/**
 * The gauge `runway_slo_prometheus_up{source}`: 1 when the last query to a
 * configured Prometheus succeeded, 0 when it failed. Fed by the evaluation
 * layer and the probes; read by the OpenTelemetry meter on collection.
 *
 * @public
 */
export class SourceHealthGauge {
  readonly #up = new Map<string, number>();

  /** Registers the gauge on `meter` (default: the `runway-slo` meter). */
  constructor(options: { meter?: Meter } = {}) {
    const meter = options.meter ?? metrics.getMeter('runway-slo');
    meter
      .createObservableGauge(SLO_PROMETHEUS_UP_METRIC, {
        description:
          'Whether the last query to a configured Prometheus succeeded (1) or not (0)',
      })
      .addCallback(result => {
        for (const [source, value] of this.#up) {
          result.observe(value, { source });
        }
      });
  }

  /** Records the outcome of the latest call to `source`. */
  record(source: string, up: boolean): void {
    this.#up.set(source, up ? 1 : 0);
  }
}
