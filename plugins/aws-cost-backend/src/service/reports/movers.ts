import {
  CostDimension,
  CostMovers,
  previousPeriod,
  topMovers,
} from '@runway/plugin-aws-cost-common';
import { ReportContext } from './context';
import { BreakdownFilter } from './ReportQueries';

/** Options of a movers report. */
export type MoversOptions = {
  dimension: CostDimension;
  from: string;
  to: string;
  limit: number;
  filter: BreakdownFilter;
};

/** The keys of a dimension whose cost changed most against the previous period. */
export async function moversReport(
  ctx: ReportContext,
  options: MoversOptions,
): Promise<CostMovers> {
  const { queries } = ctx;
  const org = await ctx.orgIndex();
  const prev = previousPeriod(options.from, options.to);
  const [current, previous, status] = await Promise.all([
    queries.keyedRows({ org, ...options, granularity: 'total' }),
    queries.keyedRows({ org, ...options, ...prev, granularity: 'total' }),
    queries.status(),
  ]);
  return {
    status,
    dimension: options.dimension,
    from: options.from,
    to: options.to,
    previousFrom: prev.from,
    previousTo: prev.to,
    movers: topMovers({
      current,
      previous,
      limit: options.limit,
      label: key => org.label(options.dimension, key),
    }),
  };
}
