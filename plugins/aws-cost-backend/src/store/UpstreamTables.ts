import { toMicros } from '@runway/plugin-aws-cost-common';
import { Knex } from 'knex';
import type { CostStore } from './CostStore';
import { StoredAnomaly } from './types';

/** `aws_cost_forecast`: month-end forecasts read from Cost Explorer. */
export class ForecastTable {
  constructor(private readonly knex: Knex) {}

  async put(options: Parameters<CostStore['putForecast']>[0]) {
    const row = {
      source: options.source,
      month: options.month,
      account_id: options.accountId,
      currency: options.currency,
      amount_micros: options.amountMicros.toString(),
      fetched_at: new Date().toISOString(),
    };
    await this.knex('aws_cost_forecast')
      .insert(row)
      .onConflict(['source', 'month', 'account_id'])
      .merge();
  }

  /** The month's forecast summed over accounts; undefined when none. */
  async forMonth(month: string): Promise<bigint | undefined> {
    const rows = await this.knex('aws_cost_forecast').where({ month });
    if (!rows.length) return undefined;
    return rows.reduce((acc, r) => acc + toMicros(r.amount_micros), 0n);
  }
}

/** `aws_cost_anomaly`: anomalies read from Cost Explorer, per source. */
export class AnomalyTable {
  constructor(private readonly knex: Knex) {}

  /** Replaces every anomaly of one source, in one transaction. */
  async replace(source: string, anomalies: StoredAnomaly[]) {
    await this.knex.transaction(async trx => {
      await trx('aws_cost_anomaly').where({ source }).delete();
      for (const a of anomalies) {
        await trx('aws_cost_anomaly').insert({
          id: a.id,
          source,
          account_id: a.accountId,
          dimension_value: a.dimensionValue,
          start_day: a.startDay,
          end_day: a.endDay,
          expected_micros: a.expectedMicros.toString(),
          actual_micros: a.actualMicros.toString(),
          impact_micros: a.impactMicros.toString(),
          causes: JSON.stringify(a.causes),
        });
      }
    });
  }

  /** Every stored anomaly, newest first. */
  async list(): Promise<StoredAnomaly[]> {
    const rows = await this.knex('aws_cost_anomaly')
      .select()
      .orderBy('start_day', 'desc');
    return rows.map(r => ({
      id: r.id,
      source: r.source,
      accountId: r.account_id,
      dimensionValue: r.dimension_value,
      startDay: r.start_day,
      endDay: r.end_day ?? null,
      expectedMicros: toMicros(r.expected_micros),
      actualMicros: toMicros(r.actual_micros),
      impactMicros: toMicros(r.impact_micros),
      causes: JSON.parse(r.causes),
    }));
  }
}
