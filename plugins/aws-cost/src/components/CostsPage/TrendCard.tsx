import { AsyncState } from 'react-use/esm/useAsync';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { Typography } from '@material-ui/core';
import {
  CostBreakdown,
  CostDimension,
  Granularity,
  stackedChartData,
} from '@runway/plugin-aws-cost-common';
import { forecastIncompleteText } from '../../utils/incomplete';
import { trendSubheader, trendTitle } from '../../utils/labels';
import { IncompleteWarning } from '../IncompleteWarning';
import { DayRange, DrillStep } from '../../utils/selection';
import { TrendChart } from '../TrendChart';

/**
 * The stacked cost trend of the current selection (top six series and the
 * rest), with the forecast to month end.
 */
export function TrendCard(props: {
  breakdown: AsyncState<CostBreakdown>;
  dimension: CostDimension;
  path: DrillStep[];
  range: DayRange;
  granularity: Granularity;
  currency: string;
}) {
  const { breakdown, granularity, currency } = props;
  const value = breakdown.value;
  const chart = value
    ? stackedChartData(value.rows, value.periods, 6)
    : undefined;
  return (
    <InfoCard
      title={trendTitle(props.dimension, props.path)}
      subheader={trendSubheader(props.range, granularity, currency)}
    >
      <IncompleteWarning
        compact
        incomplete={value?.incomplete}
        testId="trend-incomplete"
      />
      {breakdown.loading && <Progress />}
      {breakdown.error && <ResponseErrorPanel error={breakdown.error} />}
      {chart && value && value.rows.length === 0 && (
        <Typography>No spend in this range.</Typography>
      )}
      {chart && value && value.rows.length > 0 && (
        <TrendChart
          keys={chart.keys}
          data={chart.data}
          forecast={value.forecast}
          granularity={granularity}
          currency={currency}
        />
      )}
      {value?.forecast && forecastIncompleteText(value.incomplete) && (
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid="trend-forecast-incomplete"
        >
          Forecast: {forecastIncompleteText(value.incomplete)}
        </Typography>
      )}
    </InfoCard>
  );
}
