import { Knex } from 'knex';
import type { CostStore } from './CostStore';
import { SyncStatusRow } from './types';

/**
 * `aws_cost_sync`: one row per source with its last success, last error,
 * the notices of its last import (rows left out), last day of data and the
 * paid calls it made today.
 */
export class SyncStatusTable {
  constructor(private readonly knex: Knex) {}

  async list(): Promise<SyncStatusRow[]> {
    const rows = await this.knex('aws_cost_sync').select().orderBy('source');
    return rows.map(r => ({
      source: r.source,
      type: r.type,
      sample: Boolean(r.sample),
      currency: r.currency ?? null,
      lastSuccessAt: r.last_success_at ?? null,
      lastAttemptAt: r.last_attempt_at ?? null,
      lastError: r.last_error ?? null,
      notices: r.notices ? (JSON.parse(r.notices) as string[]) : [],
      lastDay: r.last_day ?? null,
      callsDay: r.calls_day ?? null,
      callsToday: Number(r.calls_today ?? 0),
    }));
  }

  async record(options: Parameters<CostStore['recordSync']>[0]) {
    const at = (options.at ?? new Date()).toISOString();
    const base = {
      source: options.source,
      type: options.type,
      sample: options.sample ?? false,
      last_attempt_at: at,
    };
    const update: Record<string, unknown> = {
      type: options.type,
      sample: options.sample ?? false,
      last_attempt_at: at,
    };
    if (options.ok) {
      update.last_success_at = at;
      update.last_error = null;
      if (options.lastDay !== undefined) update.last_day = options.lastDay;
      if (options.currency) update.currency = options.currency;
    } else {
      update.last_error = options.error ?? 'failed';
    }
    // what the attempt left out, whether it succeeded or refused some rows
    if (options.notices) update.notices = JSON.stringify(options.notices);
    await this.knex('aws_cost_sync')
      .insert({ ...base, ...update })
      .onConflict('source')
      .merge(update);
  }

  /**
   * Counts one paid upstream call against today's budget; returns false
   * (and counts nothing) when the daily cap is reached.
   */
  async takeCall(source: string, day: string, cap: number): Promise<boolean> {
    return this.knex.transaction(async trx => {
      const row = await trx('aws_cost_sync').where({ source }).first();
      if (!row) {
        await trx('aws_cost_sync').insert({
          source,
          type: 'cost-explorer',
          calls_day: day,
          calls_today: 0,
          calls_total: 0,
        });
      }
      const today = row && row.calls_day === day ? Number(row.calls_today) : 0;
      if (today >= cap) return false;
      await trx('aws_cost_sync')
        .where({ source })
        .update({
          calls_day: day,
          calls_today: today + 1,
          calls_total: Number(row?.calls_total ?? 0) + 1,
        });
      return true;
    });
  }
}
