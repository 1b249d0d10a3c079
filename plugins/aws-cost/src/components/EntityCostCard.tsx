import useAsync from 'react-use/esm/useAsync';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { Box, Grid, Typography } from '@material-ui/core';
import { formatMoney, stackedChartData } from '@runway/plugin-aws-cost-common';
import { awsCostApiRef } from '../api';
import { ChangeText, DataStatusLine, KpiTile } from './common';
import { TrendChart } from './TrendChart';
import { forecastIncompleteText } from '../utils/incomplete';
import { IncompleteWarning } from './IncompleteWarning';
import { KubernetesShareSection } from './KubernetesShareSection';
import { UnitCostSection } from './UnitCostSection';

/** Cost of one Component or Group: trend, change, top AWS services. */
export function EntityCostCard(props: { variant?: 'card' | 'tab' }) {
  const { entity } = useEntity();
  const api = useApi(awsCostApiRef);
  const entityRef = stringifyEntityRef(entity);
  const tab = props.variant === 'tab';
  const cost = useAsync(
    () =>
      api.getEntityCost(entityRef, {
        granularity: 'monthly',
      }),
    [api, entityRef],
  );

  let body;
  if (cost.loading) {
    body = <Progress />;
  } else if (cost.error) {
    const status = (cost.error as ResponseError).response?.status;
    body =
      status === 403 ? (
        <Typography variant="body2">
          Costs are visible to managers, ops and the owners of this{' '}
          {entity.kind.toLocaleLowerCase('en-US')}.
        </Typography>
      ) : (
        <ResponseErrorPanel error={cost.error} />
      );
  } else {
    const c = cost.value!;
    const currency = c.status.currency;
    const chart = stackedChartData(
      [
        {
          key: 'cost',
          label: 'Cost',
          total: 0,
          change: c.change,
          series: c.series,
        },
      ],
      c.series.map(p => p.period),
    );
    body = (
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <DataStatusLine status={c.status} />
        </Grid>
        {c.incomplete && (
          <Grid item xs={12}>
            <IncompleteWarning
              incomplete={c.incomplete}
              testId="entity-incomplete"
            />
          </Grid>
        )}
        {c.warnings?.length ? (
          <Grid item xs={12} data-testid="entity-warnings">
            <WarningPanel
              severity="info"
              defaultExpanded
              title="The allocation annotation is not used as written"
            >
              {c.warnings.map(w => (
                <Typography key={w} variant="body2">
                  {w}
                </Typography>
              ))}
            </WarningPanel>
          </Grid>
        ) : null}
        <Grid item xs={12} sm={4}>
          <KpiTile
            testId="entity-mtd"
            title="Month to date"
            micros={c.monthToDate}
            currency={currency}
            footer={
              <>
                <ChangeText change={c.change} /> vs same days last month
              </>
            }
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <KpiTile
            title="Last month"
            micros={c.lastMonth}
            currency={currency}
          />
        </Grid>
        <Grid item xs={12} sm={4}>
          <KpiTile
            testId="entity-forecast"
            title="Forecast, month end"
            micros={c.forecastMonthEnd}
            currency={currency}
            footer={forecastIncompleteText(c.incomplete)}
          />
        </Grid>
        <Grid item xs={12} md={tab ? 8 : 12}>
          <TrendChart
            keys={chart.keys}
            data={chart.data}
            granularity="monthly"
            currency={currency}
            height={tab ? 300 : 200}
          />
        </Grid>
        <Grid item xs={12} md={tab ? 4 : 12}>
          <Typography variant="subtitle2">
            Top AWS services, {c.from} to {c.to}
          </Typography>
          {c.topAwsServices.length === 0 && (
            <Typography variant="body2">No spend allocated yet.</Typography>
          )}
          {c.topAwsServices.map(s => (
            <Box key={s.key} display="flex" justifyContent="space-between">
              <Typography variant="body2">{s.key}</Typography>
              <Typography variant="body2">
                {formatMoney(s.total, currency)}
              </Typography>
            </Box>
          ))}
          <Typography variant="caption" color="textSecondary">
            Allocation:{' '}
            {c.allocation.length
              ? c.allocation.map(a => `${a.tag}=${a.value}`).join(', ')
              : 'none'}
          </Typography>
        </Grid>
        {tab && (
          <Grid item xs={12}>
            <UnitCostSection
              entityRef={entityRef}
              series={c.series}
              currency={currency}
              to={c.to}
            />
          </Grid>
        )}
        {tab && (
          <Grid item xs={12}>
            <KubernetesShareSection
              shares={c.kubernetes ?? []}
              currency={currency}
              from={c.from}
              to={c.to}
            />
          </Grid>
        )}
      </Grid>
    );
  }
  return (
    <InfoCard title="Cost" subheader="AWS spend allocated to this entity">
      {body}
    </InfoCard>
  );
}
