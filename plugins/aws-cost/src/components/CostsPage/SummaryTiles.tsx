import { Grid } from '@material-ui/core';
import { CostSummary } from '@runway/plugin-aws-cost-common';
import { forecastIncompleteText } from '../../utils/incomplete';
import { forecastSourceText, openAnomaliesText } from '../../utils/labels';
import { ChangeText, KpiTile } from '../common';
import { IncompleteWarning } from '../IncompleteWarning';

/**
 * The KPI row: month to date with its change, last month, the month-end
 * forecast and unallocated spend with the count of open anomalies, under the
 * answer's incomplete warning. Renders grid items for the page's grid.
 */
export function SummaryTiles({ summary }: { summary: CostSummary }) {
  const currency = summary.status.currency;
  const forecastCaveat = forecastIncompleteText(summary.incomplete);
  return (
    <>
      {summary.incomplete && (
        <Grid item xs={12}>
          <IncompleteWarning
            incomplete={summary.incomplete}
            testId="summary-incomplete"
          />
        </Grid>
      )}
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          testId="kpi-mtd"
          title="Month to date"
          micros={summary.monthToDate}
          currency={currency}
          footer={
            <>
              <ChangeText change={summary.change} /> vs same days last month
            </>
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          testId="kpi-last-month"
          title="Last month"
          micros={summary.lastMonth}
          currency={currency}
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          testId="kpi-forecast"
          title="Forecast, month end"
          micros={summary.forecastMonthEnd}
          currency={currency}
          footer={
            forecastCaveat
              ? `${forecastSourceText(
                  summary.forecastSource,
                )} · ${forecastCaveat}`
              : forecastSourceText(summary.forecastSource)
          }
        />
      </Grid>
      <Grid item xs={12} sm={6} md={3}>
        <KpiTile
          testId="kpi-unallocated"
          title="Unallocated, month to date"
          micros={summary.unallocatedMonthToDate}
          currency={currency}
          footer={openAnomaliesText(summary.openAnomalies)}
        />
      </Grid>
    </>
  );
}
