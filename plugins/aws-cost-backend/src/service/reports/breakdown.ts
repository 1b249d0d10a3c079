import {
  addDays,
  buildBreakdownRows,
  CostBreakdown,
  CostDimension,
  CostPoint,
  daysBetween,
  forecastPoints,
  Granularity,
  linearForecast,
  monthEnd,
  monthStart,
  previousPeriod,
} from '@runway/plugin-aws-cost-common';
import { OrgIndex } from '../OrgIndex';
import { ReportContext } from './context';
import { BreakdownFilter, dayOf } from './ReportQueries';

/** Options of a breakdown: a dimension over a range, drilled down by a filter. */
export type BreakdownOptions = {
  dimension: CostDimension;
  from: string;
  to: string;
  granularity: Granularity;
  filter: BreakdownFilter;
};

/**
 * Series per key of a dimension, totals, change against the previous period
 * of the same length and, when the range reaches the current month, forecast
 * points to the month end.
 */
export async function breakdownReport(
  ctx: ReportContext,
  options: BreakdownOptions,
): Promise<CostBreakdown> {
  const { queries } = ctx;
  const org = await ctx.orgIndex();
  const prev = previousPeriod(options.from, options.to);
  const [rows, previous, status, asOf] = await Promise.all([
    queries.keyedRows({ org, ...options }),
    queries.keyedRows({ org, ...options, ...prev, granularity: 'total' }),
    queries.status(),
    queries.asOf(),
  ]);
  const shaped = buildBreakdownRows({
    rows: rows.map(r => ({
      day: dayOf(r.period, options.from),
      key: r.key,
      micros: r.micros,
    })),
    previous,
    from: options.from,
    to: options.to,
    granularity: options.granularity,
    label: key => org.label(options.dimension, key),
  });
  const warnings =
    options.dimension === 'team' || options.dimension === 'service'
      ? org.conflictWarnings()
      : [];
  const forecast =
    options.to >= monthStart(asOf) && options.to >= asOf
      ? await breakdownForecast(ctx, org, options, asOf)
      : undefined;
  return {
    status,
    dimension: options.dimension,
    granularity: options.granularity,
    from: options.from,
    to: options.to,
    filter: options.filter,
    ...shaped,
    ...(forecast ? { forecast } : {}),
    ...(warnings.length ? { warnings } : {}),
  };
}

/** Linear forecast points of the filtered spend, up to the range's end. */
async function breakdownForecast(
  ctx: ReportContext,
  org: OrgIndex,
  options: BreakdownOptions,
  asOf: string,
): Promise<CostPoint[]> {
  const daily = await ctx.queries.keyedRows({
    org,
    ...options,
    from: addDays(asOf, -6),
    to: asOf,
    granularity: 'daily',
    forecast: true,
  });
  const mtd = await ctx.queries.keyedRows({
    org,
    ...options,
    from: monthStart(asOf),
    to: asOf,
    granularity: 'total',
    forecast: true,
  });
  const f = linearForecast({
    daily: daily.map(d => ({ day: d.period, micros: d.micros })),
    asOf,
  });
  const mtdTotal = mtd.reduce((a, r) => a + r.micros, 0n);
  const left = BigInt(daysBetween(asOf, monthEnd(asOf)));
  return forecastPoints({
    asOf,
    dailyRate: f.dailyRate,
    forecastMonthEnd: mtdTotal + f.dailyRate * left,
    granularity: options.granularity,
  }).filter(
    p =>
      p.period <= options.to.slice(0, options.granularity === 'daily' ? 10 : 7),
  );
}
