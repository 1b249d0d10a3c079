import { GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer';
import { parseMicros, TagKeys } from '@runway/plugin-aws-cost-common';
import { CostExplorerConfig } from '../config';
import { DailyCostRow, StoredAnomaly } from '../store/CostStore';

/** An account Cost Explorer is read for (`default`: the default credentials). */
export type CostExplorerAccount = { accountId: string; name?: string };

/**
 * Daily rows from GetCostAndUsage pages: amortised and unblended cost per
 * day and group, the group keys mapped to store columns (a tag group to its
 * role by `tagKeys`, `SERVICE` to the AWS service, ...). Groups that land on
 * the same store key are summed.
 */
export function costAndUsageRows(options: {
  source: string;
  account: CostExplorerAccount;
  groupBy: CostExplorerConfig['groupBy'];
  tagKeys: TagKeys;
  pages: GetCostAndUsageCommandOutput[];
}): DailyCostRow[] {
  const { account, tagKeys } = options;
  const rows = new Map<string, DailyCostRow>();
  for (const page of options.pages) {
    for (const result of page.ResultsByTime ?? []) {
      const day = result.TimePeriod!.Start!;
      for (const group of result.Groups ?? []) {
        const row: DailyCostRow = {
          source: options.source,
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
        options.groupBy.forEach((g, i) => {
          const key = group.Keys?.[i] ?? '';
          if (g.Type === 'TAG') {
            const value = key.includes('$')
              ? key.slice(key.indexOf('$') + 1)
              : key;
            if (g.Key === tagKeys.team) row.team = value;
            else if (g.Key === tagKeys.service) row.service = value;
            else if (g.Key === tagKeys.environment) row.environment = value;
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

/** Anomalies of one GetAnomalies page as stored (amounts in micros). */
export function storedAnomalies(options: {
  source: string;
  account: CostExplorerAccount;
  today: string;
  anomalies: Array<any>;
}): StoredAnomaly[] {
  const { account, today } = options;
  const num = (n: number | undefined) => parseMicros(String(n ?? 0)) ?? 0n;
  return options.anomalies.map(a => ({
    id: `${account.accountId}:${a.AnomalyId}`,
    source: options.source,
    accountId: account.accountId,
    dimensionValue: a.DimensionValue ?? '',
    startDay: String(a.AnomalyStartDate ?? today).slice(0, 10),
    endDay: a.AnomalyEndDate ? String(a.AnomalyEndDate).slice(0, 10) : null,
    expectedMicros: num(a.Impact?.TotalExpectedSpend),
    actualMicros: num(a.Impact?.TotalActualSpend),
    impactMicros: num(a.Impact?.TotalImpact ?? a.Impact?.MaxImpact),
    causes: (a.RootCauses ?? []).map((c: any) => ({
      dimension: 'awsService',
      key: [c.Service, c.UsageType, c.Region].filter(Boolean).join(' / '),
    })),
  }));
}
