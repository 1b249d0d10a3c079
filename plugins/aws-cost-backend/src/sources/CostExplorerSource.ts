import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  CostExplorerClient,
  GetAnomaliesCommand,
  GetCostAndUsageCommand,
  GetCostAndUsageCommandOutput,
  GetCostForecastCommand,
} from '@aws-sdk/client-cost-explorer';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import {
  addDays,
  addMonths,
  monthStart,
  parseMicros,
  TagKeys,
} from '@runway/plugin-aws-cost-common';
import { CostExplorerConfig } from '../config';
import {
  countCostExplorerCall,
  recordSyncFailure,
  recordSyncSuccess,
} from '../metrics';
import { CostStore, DailyCostRow, StoredAnomaly } from '../store/CostStore';

/** Thrown when the configured daily call cap is reached. */
export class CallCapReachedError extends Error {
  name = 'CallCapReachedError';
}

const THROTTLING = new Set([
  'LimitExceededException',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
]);

type Account = { accountId: string; name?: string };

/** Result of one sync run. */
export type SyncReport = {
  calls: number;
  accounts: Array<{
    accountId: string;
    ok: boolean;
    rows: number;
    error?: string;
  }>;
};

/**
 * The Cost Explorer source. A scheduled sync (never a page view) reads
 * GetCostAndUsage (DAILY, grouped by up to two keys, every NextPageToken),
 * GetCostForecast and GetAnomalies for each configured account, with
 * bounded, jittered retries on throttling and a daily call cap. Each paid
 * call is logged and counted (`runway_cost_explorer_calls_total`).
 */
export class CostExplorerSource {
  static async fromConfig(options: {
    rootConfig: Config;
    config: CostExplorerConfig;
    tagKeys: TagKeys;
    store: CostStore;
    logger: LoggerService;
  }): Promise<CostExplorerSource> {
    const credentials = DefaultAwsCredentialsManager.fromConfig(
      options.rootConfig,
    );
    return new CostExplorerSource({
      ...options,
      clientFor: async account => {
        const provider = await credentials.getCredentialProvider(
          account.accountId === 'default'
            ? {}
            : { accountId: account.accountId },
        );
        return new CostExplorerClient({
          region: options.config.region,
          credentialDefaultProvider: () => provider.sdkCredentialProvider,
          credentials: provider.sdkCredentialProvider,
          // retries are ours: bounded, jittered, counted
          maxAttempts: 1,
        });
      },
    });
  }

  private readonly config: CostExplorerConfig;
  private readonly store: CostStore;
  private readonly logger: LoggerService;
  private readonly tagKeys: TagKeys;
  private readonly clientFor: (account: Account) => Promise<CostExplorerClient>;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly now: () => Date;

  constructor(options: {
    config: CostExplorerConfig;
    store: CostStore;
    logger: LoggerService;
    tagKeys: TagKeys;
    clientFor: (account: Account) => Promise<CostExplorerClient>;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    now?: () => Date;
  }) {
    this.config = options.config;
    this.store = options.store;
    this.logger = options.logger;
    this.tagKeys = options.tagKeys;
    this.clientFor = options.clientFor;
    this.sleep = options.sleep ?? (ms => new Promise(r => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.now = options.now ?? (() => new Date());
  }

  private get accounts(): Account[] {
    return this.config.accounts.length
      ? this.config.accounts
      : [{ accountId: 'default' }];
  }

  private today() {
    return this.now().toISOString().slice(0, 10);
  }

  /** Sends one paid call: cap check, count, log, timeout, jittered retries. */
  private async call<T>(
    client: CostExplorerClient,
    operation: string,
    command: { input: unknown },
  ): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const allowed = await this.store.takeCall(
        this.config.source,
        this.today(),
        this.config.dailyCallCap,
      );
      if (!allowed) {
        throw new CallCapReachedError(
          `Cost Explorer daily call cap of ${this.config.dailyCallCap} reached; ${operation} not sent`,
        );
      }
      countCostExplorerCall(operation);
      this.logger.info(
        `Cost Explorer call ${operation} (attempt ${attempt}, paid)`,
        {
          operation,
          attempt,
        },
      );
      try {
        return (await client.send(command as any, {
          abortSignal: AbortSignal.timeout(this.config.timeoutMs),
        })) as T;
      } catch (e) {
        const err = e as Error & {
          name: string;
          $metadata?: { httpStatusCode?: number };
        };
        const throttled =
          THROTTLING.has(err.name) || err.$metadata?.httpStatusCode === 429;
        if (!throttled || attempt >= this.config.maxAttempts) throw e;
        // full jitter: 0..min(20 s, 500 ms * 2^attempt)
        const delay = Math.floor(
          this.random() * Math.min(20_000, 500 * 2 ** attempt),
        );
        this.logger.warn(
          `Cost Explorer throttled ${operation} (${err.name}); retrying in ${delay} ms`,
        );
        await this.sleep(delay);
      }
    }
  }

  /** The first day to (re)read: incremental after the first sync. */
  private async startFor(account: Account): Promise<string> {
    const today = this.today();
    const status = (await this.store.getSyncStatus()).find(
      s => s.source === `${this.config.source}:${account.accountId}`,
    );
    const earliest = addMonths(
      monthStart(today),
      -(this.config.lookbackMonths - 1),
    );
    if (!status?.lastDay) return earliest;
    const start = addDays(status.lastDay, -(this.config.refreshDays - 1));
    return start < earliest ? earliest : start;
  }

  private toRows(
    account: Account,
    pages: GetCostAndUsageCommandOutput[],
  ): DailyCostRow[] {
    const rows = new Map<string, DailyCostRow>();
    for (const page of pages) {
      for (const result of page.ResultsByTime ?? []) {
        const day = result.TimePeriod!.Start!;
        for (const group of result.Groups ?? []) {
          const row: DailyCostRow = {
            source: this.config.source,
            usageDate: day,
            billingPeriod: day.slice(0, 7),
            accountId: account.accountId,
            accountName: account.name ?? '',
            awsService: '(all)',
            region: '',
            usageType: '',
            chargeType: 'Usage',
            team: '',
            service: '',
            environment: '',
            currency: group.Metrics?.AmortizedCost?.Unit ?? 'USD',
            costMicros:
              parseMicros(group.Metrics?.AmortizedCost?.Amount ?? '0') ?? 0n,
            billedMicros:
              parseMicros(group.Metrics?.UnblendedCost?.Amount ?? '0') ?? 0n,
          };
          this.config.groupBy.forEach((g, i) => {
            const key = group.Keys?.[i] ?? '';
            if (g.Type === 'TAG') {
              const value = key.includes('$')
                ? key.slice(key.indexOf('$') + 1)
                : key;
              if (g.Key === this.tagKeys.team) row.team = value;
              else if (g.Key === this.tagKeys.service) row.service = value;
              else if (g.Key === this.tagKeys.environment)
                row.environment = value;
            } else if (g.Key === 'SERVICE') row.awsService = key;
            else if (g.Key === 'LINKED_ACCOUNT') row.accountId = key;
            else if (g.Key === 'REGION') row.region = key;
            else if (g.Key === 'USAGE_TYPE') row.usageType = key;
            else if (g.Key === 'RECORD_TYPE') row.chargeType = key;
          });
          const k = [
            row.usageDate,
            row.accountId,
            row.awsService,
            row.region,
            row.usageType,
            row.chargeType,
            row.team,
            row.service,
            row.environment,
            row.currency,
          ].join('\u0000');
          const existing = rows.get(k);
          if (existing) {
            existing.costMicros += row.costMicros;
            existing.billedMicros += row.billedMicros;
          } else rows.set(k, row);
        }
      }
    }
    return [...rows.values()];
  }

  private async syncAccount(account: Account): Promise<number> {
    const client = await this.clientFor(account);
    const today = this.today();
    const start = await this.startFor(account);
    const pages: GetCostAndUsageCommandOutput[] = [];
    let token: string | undefined;
    do {
      const page = await this.call<GetCostAndUsageCommandOutput>(
        client,
        'GetCostAndUsage',
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start, End: today },
          Granularity: 'DAILY',
          Metrics: ['AmortizedCost', 'UnblendedCost'],
          GroupBy: this.config.groupBy,
          ...(token ? { NextPageToken: token } : {}),
        }),
      );
      pages.push(page);
      token = page.NextPageToken;
    } while (token);
    const rows = this.toRows(account, pages);
    const to = addDays(today, -1);
    await this.store.replaceDays({
      source: this.config.source,
      accountId: account.accountId,
      from: start,
      to,
      rows,
    });

    if (this.config.forecast && today < addDays(addMonths(today, 1), -1)) {
      const end = addMonths(today, 1);
      const forecast = await this.call<{
        Total?: { Amount?: string; Unit?: string };
      }>(
        client,
        'GetCostForecast',
        new GetCostForecastCommand({
          TimePeriod: { Start: today, End: end },
          Metric: 'AMORTIZED_COST',
          Granularity: 'MONTHLY',
        }),
      );
      const mtd = rows
        .filter(r => r.usageDate >= monthStart(today))
        .reduce((a, r) => a + r.costMicros, 0n);
      const before = await this.store.sumBy({
        from: monthStart(today),
        to: addDays(start, -1),
        granularity: 'total',
        columns: [],
        filter: { account_id: account.accountId },
      });
      const earlier =
        start > monthStart(today)
          ? before.reduce((a, r) => a + r.micros, 0n)
          : 0n;
      await this.store.putForecast({
        source: this.config.source,
        month: today.slice(0, 7),
        accountId: account.accountId,
        currency: forecast.Total?.Unit ?? 'USD',
        amountMicros:
          earlier + mtd + (parseMicros(forecast.Total?.Amount ?? '0') ?? 0n),
      });
    }

    if (this.config.anomalies) {
      const anomalies: StoredAnomaly[] = [];
      let next: string | undefined;
      do {
        const page = await this.call<{
          Anomalies?: Array<any>;
          NextPageToken?: string;
        }>(
          client,
          'GetAnomalies',
          new GetAnomaliesCommand({
            DateInterval: { StartDate: addDays(today, -90), EndDate: today },
            ...(next ? { NextPageToken: next } : {}),
          }),
        );
        for (const a of page.Anomalies ?? []) {
          const num = (n: number | undefined) =>
            parseMicros(String(n ?? 0)) ?? 0n;
          anomalies.push({
            id: `${account.accountId}:${a.AnomalyId}`,
            source: this.config.source,
            accountId: account.accountId,
            dimensionValue: a.DimensionValue ?? '',
            startDay: String(a.AnomalyStartDate ?? today).slice(0, 10),
            endDay: a.AnomalyEndDate
              ? String(a.AnomalyEndDate).slice(0, 10)
              : null,
            expectedMicros: num(a.Impact?.TotalExpectedSpend),
            actualMicros: num(a.Impact?.TotalActualSpend),
            impactMicros: num(a.Impact?.TotalImpact ?? a.Impact?.MaxImpact),
            causes: (a.RootCauses ?? []).map((c: any) => ({
              dimension: 'awsService',
              key: [c.Service, c.UsageType, c.Region]
                .filter(Boolean)
                .join(' / '),
            })),
          });
        }
        next = page.NextPageToken;
      } while (next);
      await this.store.putAnomalies(
        `${this.config.source}:${account.accountId}`,
        anomalies,
      );
    }
    return rows.length;
  }

  /** One sync run over every account; one failing account does not stop the others. */
  async sync(): Promise<SyncReport> {
    const report: SyncReport = { calls: 0, accounts: [] };
    const before = await this.callsToday();
    for (const account of this.accounts) {
      const source = `${this.config.source}:${account.accountId}`;
      try {
        const rows = await this.syncAccount(account);
        await this.store.recordSync({
          source,
          type: 'cost-explorer',
          ok: true,
          lastDay: addDays(this.today(), -1),
        });
        recordSyncSuccess(this.config.source);
        report.accounts.push({ accountId: account.accountId, ok: true, rows });
      } catch (e) {
        const message = (e as Error).message;
        this.logger.error(
          `Cost Explorer sync of account ${account.accountId} failed: ${message}`,
        );
        await this.store.recordSync({
          source,
          type: 'cost-explorer',
          ok: false,
          error: message,
        });
        recordSyncFailure(this.config.source);
        report.accounts.push({
          accountId: account.accountId,
          ok: false,
          rows: 0,
          error: message,
        });
      }
    }
    report.calls = (await this.callsToday()) - before;
    return report;
  }

  private async callsToday(): Promise<number> {
    const row = (await this.store.getSyncStatus()).find(
      s => s.source === this.config.source,
    );
    return row && row.callsDay === this.today() ? row.callsToday : 0;
  }
}
