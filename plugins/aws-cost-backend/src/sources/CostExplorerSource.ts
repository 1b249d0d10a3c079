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
import { AWS_PROVIDER, ExclusionTally } from '../import/exclusions';
import { recordSyncFailure, recordSyncSuccess } from '../metrics';
import { CostStore, DailyCostRow, StoredAnomaly } from '../store/CostStore';
import { PaidCallSender } from './costExplorerCalls';
import {
  CostExplorerAccount,
  costAndUsageRows,
  storedAnomalies,
} from './costExplorerRows';

export { CallCapReachedError } from './costExplorerCalls';

type Account = CostExplorerAccount;

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
    /** The dashboard's currency; amounts in another are not stored. */
    currency?: string;
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
  private readonly currency: string;
  private readonly clientFor: (account: Account) => Promise<CostExplorerClient>;
  private readonly now: () => Date;
  private readonly calls: PaidCallSender;

  constructor(options: {
    config: CostExplorerConfig;
    store: CostStore;
    logger: LoggerService;
    tagKeys: TagKeys;
    /** The dashboard's currency (USD by default). */
    currency?: string;
    clientFor: (account: Account) => Promise<CostExplorerClient>;
    sleep?: (ms: number) => Promise<void>;
    random?: () => number;
    now?: () => Date;
  }) {
    this.config = options.config;
    this.store = options.store;
    this.logger = options.logger;
    this.tagKeys = options.tagKeys;
    this.currency = options.currency ?? 'USD';
    this.clientFor = options.clientFor;
    this.now = options.now ?? (() => new Date());
    this.calls = new PaidCallSender({
      store: options.store,
      logger: options.logger,
      source: options.config.source,
      dailyCallCap: options.config.dailyCallCap,
      maxAttempts: options.config.maxAttempts,
      timeoutMs: options.config.timeoutMs,
      today: () => this.today(),
      sleep: options.sleep ?? (ms => new Promise(r => setTimeout(r, ms))),
      random: options.random ?? Math.random,
    });
  }

  private get accounts(): Account[] {
    return this.config.accounts.length
      ? this.config.accounts
      : [{ accountId: 'default' }];
  }

  private today() {
    return this.now().toISOString().slice(0, 10);
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

  /**
   * Reads one account into the store. Amounts in another currency than the
   * dashboard's are not stored (nor is such a forecast); the notices say so.
   */
  private async syncAccount(
    account: Account,
  ): Promise<{ rows: number; notices: string[] }> {
    const client = await this.clientFor(account);
    const today = this.today();
    const start = await this.startFor(account);
    const pages: GetCostAndUsageCommandOutput[] = [];
    let token: string | undefined;
    do {
      const page = await this.calls.send<GetCostAndUsageCommandOutput>(
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
    const left = new ExclusionTally({
      file: `Cost Explorer account ${account.accountId}`,
      currency: this.currency,
    });
    const rows = costAndUsageRows({
      source: this.config.source,
      account,
      groupBy: this.config.groupBy,
      tagKeys: this.tagKeys,
      pages,
    }).filter(row => !left.leavesOut(row, AWS_PROVIDER));
    const notices = left.list().map(e => e.message);
    await this.store.replaceDays({
      source: this.config.source,
      accountId: account.accountId,
      from: start,
      to: addDays(today, -1),
      rows,
    });
    if (this.config.forecast && today < addDays(addMonths(today, 1), -1)) {
      const unit = await this.syncForecast(client, account, {
        today,
        start,
        rows,
      });
      if (unit !== this.currency) {
        notices.push(
          `Cost Explorer account ${account.accountId}: forecast in ${unit} not stored (amounts are shown in ${this.currency})`,
        );
      }
    }
    if (this.config.anomalies) {
      await this.syncAnomalies(client, account, today);
    }
    return { rows: rows.length, notices };
  }

  /**
   * Stores the month-end forecast: what the store holds for the month before
   * the re-read range, plus the re-read days, plus GetCostForecast's rest;
   * not when its unit is another currency. Returns the unit.
   */
  private async syncForecast(
    client: CostExplorerClient,
    account: Account,
    read: { today: string; start: string; rows: DailyCostRow[] },
  ) {
    const { today, start, rows } = read;
    const end = addMonths(today, 1);
    const forecast = await this.calls.send<{
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
    const unit = forecast.Total?.Unit ?? 'USD';
    if (unit !== this.currency) return unit;
    await this.store.putForecast({
      source: this.config.source,
      month: today.slice(0, 7),
      accountId: account.accountId,
      currency: unit,
      amountMicros:
        earlier + mtd + (parseMicros(forecast.Total?.Amount ?? '0') ?? 0n),
    });
    return unit;
  }

  /** Replaces the account's anomalies with GetAnomalies' last 90 days. */
  private async syncAnomalies(
    client: CostExplorerClient,
    account: Account,
    today: string,
  ) {
    const anomalies: StoredAnomaly[] = [];
    let next: string | undefined;
    do {
      const page = await this.calls.send<{
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
      anomalies.push(
        ...storedAnomalies({
          source: this.config.source,
          account,
          today,
          anomalies: page.Anomalies ?? [],
        }),
      );
      next = page.NextPageToken;
    } while (next);
    await this.store.putAnomalies(
      `${this.config.source}:${account.accountId}`,
      anomalies,
    );
  }

  /** One sync run over every account; one failing account does not stop the others. */
  async sync(): Promise<SyncReport> {
    const report: SyncReport = { calls: 0, accounts: [] };
    const before = await this.callsToday();
    for (const account of this.accounts) {
      const source = `${this.config.source}:${account.accountId}`;
      try {
        const { rows, notices } = await this.syncAccount(account);
        await this.store.recordSync({
          source,
          type: 'cost-explorer',
          ok: true,
          notices,
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
