import { addDays } from '@runway/plugin-aws-cost-common';
import { Knex } from 'knex';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { CostStore, DailyCostRow } from '../../store/CostStore';
import { rebuildRollups } from '../../store/DailyRowWriter';
import { TODAY } from './fixtures';

/**
 * Loads `days` days x `services` services x `awsServices` AWS
 * services x 3 environments of daily rows ending yesterday (bulk inserts
 * around the store, then the rollups computed once from them), records a
 * successful sync and analyses the tables. Returns the rows written.
 */
export async function seedDailyRows(
  knex: Knex,
  days: number,
  services: number,
  awsServices: number,
) {
  const store = await CostStore.create({
    database: { getClient: async () => knex },
  });
  const envs = ['production', 'staging', 'development'];
  const first = addDays(TODAY, -days);
  let batch: DailyCostRow[] = [];
  let inserted = 0;
  const size = knex.client.config.client === 'pg' ? 3000 : 20000;
  for (let d = 0; d < days; d++) {
    const day = addDays(first, d);
    for (let s = 0; s < services; s++) {
      for (let a = 0; a < awsServices; a++) {
        for (const environment of envs) {
          batch.push({
            source: 'bench',
            usageDate: day,
            billingPeriod: day.slice(0, 7),
            accountId: s % 2 ? '111111111111' : '222222222222',
            accountName: '',
            awsService: `AWS service ${a}`,
            region: 'eu-west-1',
            usageType: '',
            chargeType: 'Usage',
            team: `team-${s % 10}`,
            service: `svc-${s}`,
            environment,
            currency: 'USD',
            costMicros: BigInt(
              1_000_000 + ((d * 7 + s * 13 + a * 17) % 5_000_000),
            ),
            billedMicros: 0n,
          });
          if (batch.length >= size) {
            await insertRaw(knex, batch);
            inserted += batch.length;
            batch = [];
          }
        }
      }
    }
  }
  if (batch.length) {
    await insertRaw(knex, batch);
    inserted += batch.length;
  }
  await rebuildRollups(knex);
  await store.recordSync({
    source: 'bench',
    type: 'focus',
    ok: true,
    lastDay: addDays(TODAY, -1),
  });
  // every table the dashboard reads (the daily rows and the rollups)
  await knex.raw('ANALYZE');
  return inserted;
}

/** Bulk insert: prepared statements on SQLite, multi-row inserts on PostgreSQL. */
async function insertRaw(knex: Knex, batch: DailyCostRow[]) {
  if (knex.client.config.client === 'better-sqlite3') {
    const db = await knex.client.acquireConnection();
    try {
      const insert = db.prepare(
        'insert into aws_cost_daily (source, usage_date, billing_period, account_id, account_name, aws_service, region, usage_type, charge_type, team, service, environment, currency, cost_micros, billed_micros) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)',
      );
      db.transaction((rowsToInsert: DailyCostRow[]) => {
        for (const r of rowsToInsert) {
          insert.run(
            r.source,
            r.usageDate,
            r.billingPeriod,
            r.accountId,
            r.accountName,
            r.awsService,
            r.region,
            r.usageType,
            r.chargeType,
            r.team,
            r.service,
            r.environment,
            r.currency,
            r.costMicros,
          );
        }
      })(batch);
    } finally {
      await knex.client.releaseConnection(db);
    }
    return;
  }
  await knex('aws_cost_daily').insert(
    batch.map(r => ({
      source: r.source,
      usage_date: r.usageDate,
      billing_period: r.billingPeriod,
      account_id: r.accountId,
      account_name: r.accountName,
      aws_service: r.awsService,
      region: r.region,
      usage_type: r.usageType,
      charge_type: r.chargeType,
      team: r.team,
      service: r.service,
      environment: r.environment,
      currency: r.currency,
      cost_micros: r.costMicros.toString(),
      billed_micros: '0',
    })),
  );
}

/**
 * Writes a gzipped 1 M-row FOCUS file: one billing period, 30 days x 60
 * services x 20 AWS services x 3 environments = 108,000 daily keys, about 9
 * resource rows each.
 */
export async function writeFocusFile(file: string): Promise<void> {
  const header =
    'BillingAccountId,BillingCurrency,BillingPeriodStart,ChargePeriodStart,ChargeCategory,BilledCost,EffectiveCost,ServiceName,SubAccountId,RegionId,Tags,x_UsageType,ResourceId';
  function* lines() {
    yield `${header}\n`;
    // one billing period: 30 days x 60 services x 20 AWS services x 3
    // environments = 108,000 daily keys, ~9 resource rows each
    let n = 0;
    for (let d = 1; n < 1_000_000; d = (d % 30) + 1) {
      const day = `2026-09-${String(d).padStart(2, '0')}`;
      for (let s = 0; s < 60 && n < 1_000_000; s++) {
        for (let a = 0; a < 20 && n < 1_000_000; a++) {
          const env = ['production', 'staging', 'development'][n % 3];
          const tags = `"{""user:service"":""svc-${s}"",""user:team"":""team-${
            s % 10
          }"",""user:environment"":""${env}""}"`;
          yield `111111111111,USD,2026-09-01T00:00:00Z,${day}T00:00:00Z,Usage,0.123456,0.120000,AWS service ${a},222222222222,eu-west-1,${tags},Usage${a},i-${n}\n`;
          n++;
        }
      }
    }
  }
  await pipeline(
    Readable.from(lines()),
    createGzip(),
    fs.createWriteStream(file),
  );
}
