import {
  addDays,
  anomalyCauses,
  CostAnomalies,
  CostAnomaly,
  daysBetween,
  detectAnomalies,
  microsToNumber,
  monthStart,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { StoredAnomaly } from '../../store/CostStore';
import { OrgIndex } from '../OrgIndex';
import { ReportContext } from './context';

/** The first day of the three complete months before `asOf`'s month. */
function baselineStartOf(asOf: string): string {
  return monthStart(
    addDays(
      monthStart(addDays(monthStart(addDays(monthStart(asOf), -1)), -1)),
      -1,
    ),
  );
}

/**
 * Every anomaly: services whose usage this month runs above the three
 * months before (with the AWS services and usage types that grew), untagged
 * spend that appeared or grew (by account and usage type), and Cost
 * Explorer's anomalies. Largest impact first.
 */
export async function anomaliesReport(
  ctx: ReportContext,
): Promise<CostAnomalies> {
  const org = await ctx.orgIndex();
  const asOf = await ctx.queries.asOf();
  const baselineStart = baselineStartOf(asOf);
  const detected = await detectedByService(ctx, org, asOf, baselineStart);
  const untagged = await untaggedSpend(ctx, asOf, baselineStart);
  const fromCe = (await ctx.queries.upstreamAnomalies()).map(s =>
    fromCostExplorer(s, org, asOf),
  );
  const anomalies = [...detected, ...untagged, ...fromCe].sort(
    (x, y) => y.impact - x.impact,
  );
  return { status: await ctx.queries.status(), anomalies };
}

/** Services whose daily usage this month runs above their baseline. */
async function detectedByService(
  ctx: ReportContext,
  org: OrgIndex,
  asOf: string,
  baselineStart: string,
): Promise<CostAnomaly[]> {
  const { queries, config } = ctx;
  const daily = await queries.keyedRows({
    org,
    dimension: 'service',
    from: baselineStart,
    to: asOf,
    granularity: 'daily',
    filter: { chargeType: 'Usage' },
  });
  const detected = detectAnomalies({
    dimension: 'service',
    daily: daily
      .filter(d => d.key !== UNALLOCATED_KEY)
      .map(d => ({ day: d.period, key: d.key, micros: d.micros })),
    asOf,
    threshold: config.anomalyThreshold,
    minImpact: config.anomalyMinImpactMicros,
    label: key => org.label('service', key),
  });
  const mStart = monthStart(asOf);
  const scale = {
    numerator: daysBetween(mStart, asOf) + 1,
    denominator: daysBetween(baselineStart, mStart),
  };
  for (const a of detected) {
    const sub = async (from: string, to: string) =>
      (
        await queries.sumBy({
          from,
          to,
          granularity: 'total',
          columns: ['aws_service', 'usage_type'],
          filter: { service: a.key, charge_type: 'Usage' },
        })
      ).map(r => ({
        key: `${r.aws_service} / ${r.usage_type}`,
        micros: r.micros,
      }));
    a.causes = anomalyCauses({
      dimension: 'awsService',
      current: await sub(mStart, asOf),
      baseline: await sub(baselineStart, addDays(mStart, -1)),
      scale,
    });
  }
  return detected;
}

/** Untagged spend that appeared or grew: by account and usage type. */
async function untaggedSpend(
  ctx: ReportContext,
  asOf: string,
  baselineStart: string,
): Promise<CostAnomaly[]> {
  const { queries, config } = ctx;
  const mStart = monthStart(asOf);
  const untagged = await queries.sumBy({
    from: baselineStart,
    to: asOf,
    granularity: 'daily',
    columns: ['account_id', 'aws_service', 'usage_type'],
    filter: { team: '', service: '', charge_type: 'Usage' },
  });
  return detectAnomalies({
    dimension: 'service',
    daily: untagged.map(r => ({
      day: r.period,
      key: `${r.account_id}|${r.aws_service}|${r.usage_type}`,
      micros: r.micros,
    })),
    asOf,
    threshold: config.anomalyThreshold,
    minImpact: config.anomalyMinImpactMicros,
    allowNew: true,
  }).map((a): CostAnomaly => {
    const [account, awsService, usageType] = a.key.split('|');
    return {
      ...a,
      id: `detected:untagged:${a.key}:${mStart.slice(0, 7)}`,
      key: UNALLOCATED_KEY,
      label: `Untagged ${usageType} (${awsService}) in account ${account}`,
      causes: [
        {
          dimension: 'awsService',
          key: `${awsService} / ${usageType}`,
          impact: a.impact,
        },
      ],
    };
  });
}

/** A Cost Explorer anomaly as the dashboard shows it. */
function fromCostExplorer(
  s: StoredAnomaly,
  org: OrgIndex,
  asOf: string,
): CostAnomaly {
  const key = s.dimensionValue || s.accountId;
  const named = org.label('service', key);
  return {
    id: s.id,
    source: 'cost-explorer',
    dimension: 'service',
    key,
    label: named.label,
    ...(named.entityRef ? { entityRef: named.entityRef } : {}),
    startDay: s.startDay,
    lastDay: s.endDay ?? asOf,
    expected: microsToNumber(s.expectedMicros),
    actual: microsToNumber(s.actualMicros),
    impact: microsToNumber(s.impactMicros),
    ratio:
      s.expectedMicros === 0n
        ? null
        : Number(s.actualMicros) / Number(s.expectedMicros),
    status: s.endDay && s.endDay < asOf ? 'closed' : 'open',
    causes: s.causes.map(c => ({
      dimension: 'awsService' as const,
      key: c.key,
      impact: 0,
    })),
  };
}
