import { AsyncState } from 'react-use/esm/useAsync';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Grid } from '@material-ui/core';
import {
  CostAnomalies,
  CostBreakdown,
  CostBudgets,
  CostMovers,
  CostSummary,
} from '@runway/plugin-aws-cost-common';
import { DataStatusLine } from '../common';
import { AnomaliesCard } from './AnomaliesCard';
import { BreakdownTable } from './BreakdownTable';
import { BudgetsCard } from './BudgetsCard';
import { CostControls } from './CostControls';
import { DrillDownBreadcrumbs } from './DrillDownBreadcrumbs';
import { SummaryTiles } from './SummaryTiles';
import { TopMoversCard } from './TopMoversCard';
import { TrendCard } from './TrendCard';
import { UnallocatedCard } from './UnallocatedCard';
import { useCostBreakdown, useCostDashboard } from './useCostDashboard';
import { CostSelection, useCostSelection } from './useCostSelection';
import { useCsvDownload } from './useCsvDownload';

/**
 * The managers' Costs page: everything comes from the aws-cost backend's
 * store. Shows progress until the summary is in, then its error, an empty
 * state while the store has no data, or the dashboard.
 */
export function CostsPage() {
  const { summary, anomalies, budgets, movers } = useCostDashboard();
  // the breakdown is asked for at once, beside the summary: a named range
  // ends on the backend's last day with data
  const selection = useCostSelection(summary.value?.asOf ?? '');
  const breakdown = useCostBreakdown(selection.breakdownQuery);

  if (summary.loading) return <Progress />;
  if (summary.error) {
    return (
      <Page themeId="tool">
        <Header title="Costs" />
        <Content>
          <ResponseErrorPanel error={summary.error} />
        </Content>
      </Page>
    );
  }
  const value = summary.value!;
  if (!value.status.lastDay) {
    return (
      <Page themeId="tool">
        <Header
          title="Costs"
          subtitle="AWS spend by team, service and environment"
        />
        <Content>
          <EmptyState
            missing="data"
            title="No cost data yet"
            description="The cost store is empty: configure awsCost.sources (Cost Explorer, FOCUS/CUR files, or the sample data set in development) and wait for the first sync."
          />
        </Content>
      </Page>
    );
  }
  return (
    <CostDashboard
      summary={value}
      selection={selection}
      breakdown={breakdown}
      anomalies={anomalies}
      budgets={budgets}
      movers={movers}
    />
  );
}

/** The dashboard once there is data: the cards over the user's selection. */
function CostDashboard(props: {
  summary: CostSummary;
  selection: CostSelection;
  breakdown: AsyncState<CostBreakdown>;
  anomalies: AsyncState<CostAnomalies>;
  budgets: AsyncState<CostBudgets>;
  movers: AsyncState<CostMovers | undefined>;
}) {
  const { summary, selection, breakdown } = props;
  const currency = summary.status.currency;
  const { dimension, filter, granularity, path, range } = selection;
  const csv = useCsvDownload(range, filter);

  return (
    <Page themeId="tool">
      <Header
        title="Costs"
        subtitle="AWS spend by team, service, AWS service and environment"
      />
      <Content>
        <ContentHeader title={`Month to date, ${summary.asOf.slice(0, 7)}`}>
          <DataStatusLine status={summary.status} />
        </ContentHeader>
        <Grid container spacing={2}>
          <SummaryTiles summary={summary} />
          <Grid item xs={12}>
            <CostControls selection={selection} csv={csv} />
          </Grid>
          <Grid item xs={12}>
            <DrillDownBreadcrumbs
              rootDimension={selection.rootDimension}
              path={path}
              onBack={selection.backTo}
            />
          </Grid>
          <Grid item xs={12}>
            <TrendCard
              breakdown={breakdown}
              dimension={dimension}
              path={path}
              range={range}
              granularity={granularity}
              currency={currency}
            />
          </Grid>
          <Grid item xs={12}>
            <BreakdownTable
              breakdown={breakdown}
              dimension={dimension}
              currency={currency}
              onDrill={selection.drill}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <BudgetsCard budgets={props.budgets} currency={currency} />
          </Grid>
          <Grid item xs={12} md={6}>
            <AnomaliesCard anomalies={props.anomalies} currency={currency} />
          </Grid>
          <Grid item xs={12} md={6}>
            <TopMoversCard movers={props.movers} currency={currency} />
          </Grid>
          <Grid item xs={12} md={6}>
            <UnallocatedCard
              micros={summary.unallocatedMonthToDate}
              currency={currency}
              onShowUntagged={selection.showUntagged}
              incomplete={summary.incomplete}
            />
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
