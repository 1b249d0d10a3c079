import useAsync, { AsyncState } from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  CostAnomalies,
  CostBreakdown,
  CostBudgets,
  CostMovers,
  CostSummary,
  monthStart,
} from '@runway/plugin-aws-cost-common';
import { AwsCostApi, awsCostApiRef } from '../../api';

/** The Costs page's data that does not depend on the user's selection. */
export type CostDashboardData = {
  summary: AsyncState<CostSummary>;
  anomalies: AsyncState<CostAnomalies>;
  budgets: AsyncState<CostBudgets>;
  /** Services' month-to-date movers; loads once the summary says which day is last. */
  movers: AsyncState<CostMovers | undefined>;
};

/**
 * Loads the summary, anomalies and budgets at once, then the top five
 * movers of the month up to the summary's last day. Each keeps its own
 * loading and error state, so one failing card leaves the others.
 */
export function useCostDashboard(): CostDashboardData {
  const api = useApi(awsCostApiRef);
  const summary = useAsync(() => api.getSummary(), [api]);
  const anomalies = useAsync(() => api.getAnomalies(), [api]);
  const budgets = useAsync(() => api.getBudgets(), [api]);
  const asOf = summary.value?.asOf;
  const movers = useAsync(async () => {
    if (!asOf) return undefined;
    return api.getMovers({
      dimension: 'service',
      from: monthStart(asOf),
      to: asOf,
      limit: 5,
    });
  }, [api, asOf]);
  return { summary, anomalies, budgets, movers };
}

/** What the breakdown trend and table show. */
export type BreakdownQuery = Parameters<AwsCostApi['getBreakdown']>[0];

/** Loads the breakdown for `query`, again whenever its content changes. */
export function useCostBreakdown(
  query: BreakdownQuery,
): AsyncState<CostBreakdown> {
  const api = useApi(awsCostApiRef);
  // the query is rebuilt on every render: reload on its content, not identity
  const key = JSON.stringify(query);
  return useAsync(() => api.getBreakdown(query), [api, key]);
}
