import {
  addDays,
  costChange,
  CostSummary,
  daysBetween,
  microsToNumber,
  monthStart,
} from '@runway/plugin-aws-cost-common';
import { anomaliesReport } from './anomalies';
import { ReportContext } from './context';

/**
 * The organisation's month: month to date, last month, change against the
 * same days of last month, the month-end forecast (Cost Explorer's when
 * synced, else linear), unallocated spend (pods' split cost served to a
 * Component is allocated) and open anomalies.
 */
export async function summaryReport(ctx: ReportContext): Promise<CostSummary> {
  const { queries } = ctx;
  const org = await ctx.orgIndex();
  const asOf = await queries.asOf();
  const mStart = monthStart(asOf);
  const lastStart = monthStart(addDays(mStart, -1));
  const lastEnd = addDays(mStart, -1);
  const samePrevEnd = (() => {
    const d = addDays(lastStart, daysBetween(mStart, asOf));
    return d > lastEnd ? lastEnd : d;
  })();
  const [lastMonth, samePrev, f, byTag, ceForecast, anomalies, status] =
    await Promise.all([
      queries.total(lastStart, lastEnd),
      queries.total(lastStart, samePrevEnd),
      queries.forecastMonthEnd(asOf),
      queries.sumBy({
        from: mStart,
        to: asOf,
        granularity: 'total',
        columns: org.routesPods
          ? ['team', 'service', 'cluster', 'namespace', 'workload']
          : ['team', 'service'],
      }),
      queries.upstreamForecast(asOf.slice(0, 7)),
      anomaliesReport(ctx),
      queries.status(),
    ]);
  // a pod's split cost belongs to the Component its workload is served to
  const unallocated = byTag
    .filter(
      r =>
        !(r.cluster && org.podComponent(r.workload, r.namespace)) &&
        org.isUnallocated(r.team, r.service),
    )
    .reduce((a, r) => a + r.micros, 0n);
  return {
    status,
    asOf,
    monthToDate: microsToNumber(f.monthToDate),
    lastMonth: microsToNumber(lastMonth),
    change: costChange(f.monthToDate, samePrev),
    forecastMonthEnd: microsToNumber(ceForecast ?? f.forecast),
    forecastSource: ceForecast !== undefined ? 'cost-explorer' : 'linear',
    unallocatedMonthToDate: microsToNumber(unallocated),
    openAnomalies: anomalies.anomalies.filter(a => a.status === 'open').length,
  };
}
