import { useMemo, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Content,
  ContentHeader,
  EmptyState,
  Header,
  InfoCard,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Breadcrumbs,
  Button,
  Grid,
  LinearProgress,
  Link as MuiLink,
  MenuItem,
  TextField,
  Typography,
} from '@material-ui/core';
import ToggleButton from '@material-ui/lab/ToggleButton';
import ToggleButtonGroup from '@material-ui/lab/ToggleButtonGroup';
import {
  addDays,
  addMonths,
  BreakdownRow,
  CostDimension,
  formatMoney,
  Granularity,
  monthStart,
  stackedChartData,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { awsCostApiRef, CostFilter } from '../api';
import { ChangeText, DataStatusLine, KpiTile, ListCard } from './common';
import { TrendChart } from './TrendChart';

const DIMENSION_LABEL: Record<CostDimension, string> = {
  team: 'Team',
  service: 'Service',
  awsService: 'AWS service',
  account: 'Account',
  environment: 'Environment',
  region: 'Region',
  chargeType: 'Charge type',
};

type RangePreset = '6m' | '12m' | 'mtd' | '30d' | 'custom';

/** What the next drill-down level is, from the current one. */
const NEXT: Partial<Record<CostDimension, CostDimension>> = {
  team: 'service',
  service: 'awsService',
};

function rangeFor(preset: RangePreset, asOf: string) {
  switch (preset) {
    case '12m':
      return { from: addMonths(monthStart(asOf), -11), to: asOf };
    case 'mtd':
      return { from: monthStart(asOf), to: asOf };
    case '30d':
      return { from: addDays(asOf, -29), to: asOf };
    default:
      return { from: addMonths(monthStart(asOf), -5), to: asOf };
  }
}

function entityPath(ref: string) {
  const [kind, rest] = ref.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}`;
}

/** The managers' Costs page: everything comes from the aws-cost backend's store. */
export function CostsPage() {
  const api = useApi(awsCostApiRef);
  const summary = useAsync(() => api.getSummary(), [api]);
  const anomalies = useAsync(() => api.getAnomalies(), [api]);
  const budgets = useAsync(() => api.getBudgets(), [api]);

  const [rootDimension, setRootDimension] = useState<CostDimension>('team');
  const [path, setPath] = useState<
    Array<{ dimension: CostDimension; key: string; label: string }>
  >([]);
  const [preset, setPreset] = useState<RangePreset>('6m');
  const [granularity, setGranularity] = useState<Granularity>('monthly');
  const [custom, setCustom] = useState<{ from: string; to: string }>({
    from: '',
    to: '',
  });
  const [downloading, setDownloading] = useState(false);
  const [downloadError, setDownloadError] = useState<Error | undefined>();

  const asOf = summary.value?.asOf;
  const range = useMemo(() => {
    if (!asOf) return undefined;
    if (preset === 'custom' && custom.from && custom.to) return custom;
    return rangeFor(preset, asOf);
  }, [asOf, preset, custom]);

  const dimension: CostDimension = path.length
    ? NEXT[path[path.length - 1].dimension] ?? 'awsService'
    : rootDimension;
  const filter: CostFilter = Object.fromEntries(
    path.map(p => [p.dimension, p.key]),
  );

  const breakdown = useAsync(async () => {
    if (!range) return undefined;
    return api.getBreakdown({ ...range, granularity, dimension, filter });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [
    api,
    range?.from,
    range?.to,
    granularity,
    dimension,
    JSON.stringify(filter),
  ]);
  const movers = useAsync(async () => {
    if (!asOf) return undefined;
    return api.getMovers({
      dimension: 'service',
      from: monthStart(asOf),
      to: asOf,
      limit: 5,
    });
  }, [api, asOf]);

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
  const s = summary.value!;
  const currency = s.status.currency;
  if (!s.status.lastDay) {
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

  const drill = (row: BreakdownRow) => {
    if (!NEXT[dimension] || row.key === UNALLOCATED_KEY) return;
    setPath([...path, { dimension, key: row.key, label: row.label }]);
  };

  const download = async () => {
    if (!range) return;
    setDownloading(true);
    setDownloadError(undefined);
    try {
      const { blob, filename } = await api.exportCsv({ ...range, filter });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = filename;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      setDownloadError(e as Error);
    } finally {
      setDownloading(false);
    }
  };

  const columns: TableColumn<BreakdownRow>[] = [
    {
      title: DIMENSION_LABEL[dimension],
      field: 'label',
      render: row =>
        NEXT[dimension] && row.key !== UNALLOCATED_KEY ? (
          <MuiLink
            component="button"
            variant="body2"
            onClick={() => drill(row)}
            data-testid={`drill-${row.key}`}
          >
            {row.label}
          </MuiLink>
        ) : (
          <span>{row.label}</span>
        ),
    },
    {
      title: 'Entity',
      field: 'entityRef',
      render: row =>
        row.entityRef ? (
          <Link to={entityPath(row.entityRef)}>{row.entityRef}</Link>
        ) : (
          ''
        ),
    },
    {
      title: `Cost (${currency})`,
      field: 'total',
      type: 'numeric',
      defaultSort: 'desc',
      render: row => formatMoney(row.total, currency),
    },
    {
      title: 'vs previous period',
      field: 'change.delta',
      type: 'numeric',
      render: row => <ChangeText change={row.change} />,
      customSort: (a, b) => a.change.delta - b.change.delta,
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      render: row =>
        breakdown.value?.total
          ? `${((row.total / breakdown.value.total) * 100).toFixed(1)} %`
          : '',
      customSort: (a, b) => a.total - b.total,
    },
  ];

  const chart = breakdown.value
    ? stackedChartData(breakdown.value.rows, breakdown.value.periods, 6)
    : undefined;

  return (
    <Page themeId="tool">
      <Header
        title="Costs"
        subtitle="AWS spend by team, service, AWS service and environment"
      />
      <Content>
        <ContentHeader title={`Month to date, ${s.asOf.slice(0, 7)}`}>
          <DataStatusLine status={s.status} />
        </ContentHeader>
        <Grid container spacing={2}>
          <Grid item xs={12} sm={6} md={3}>
            <KpiTile
              testId="kpi-mtd"
              title="Month to date"
              micros={s.monthToDate}
              currency={currency}
              footer={
                <>
                  <ChangeText change={s.change} /> vs same days last month
                </>
              }
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <KpiTile
              testId="kpi-last-month"
              title="Last month"
              micros={s.lastMonth}
              currency={currency}
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <KpiTile
              testId="kpi-forecast"
              title="Forecast, month end"
              micros={s.forecastMonthEnd}
              currency={currency}
              footer={
                s.forecastSource === 'cost-explorer'
                  ? 'AWS Cost Explorer forecast'
                  : 'linear, last 7 days'
              }
            />
          </Grid>
          <Grid item xs={12} sm={6} md={3}>
            <KpiTile
              testId="kpi-unallocated"
              title="Unallocated, month to date"
              micros={s.unallocatedMonthToDate}
              currency={currency}
              footer={`${s.openAnomalies} open anomal${
                s.openAnomalies === 1 ? 'y' : 'ies'
              }`}
            />
          </Grid>

          <Grid item xs={12}>
            <Box
              display="flex"
              flexWrap="wrap"
              alignItems="center"
              style={{ gap: 16 }}
            >
              <TextField
                select
                label="View by"
                value={rootDimension}
                onChange={e => {
                  setRootDimension(e.target.value as CostDimension);
                  setPath([]);
                }}
                inputProps={{ 'data-testid': 'view-by' }}
                style={{ minWidth: 160 }}
              >
                {(
                  [
                    'team',
                    'service',
                    'awsService',
                    'account',
                    'environment',
                  ] as CostDimension[]
                ).map(d => (
                  <MenuItem key={d} value={d}>
                    {DIMENSION_LABEL[d]}
                  </MenuItem>
                ))}
              </TextField>
              <TextField
                select
                label="Date range"
                value={preset}
                onChange={e => {
                  const next = e.target.value as RangePreset;
                  setPreset(next);
                  if (next === 'mtd' || next === '30d') setGranularity('daily');
                  if (next === '12m') setGranularity('monthly');
                  if (next === 'custom' && range) setCustom(range);
                }}
                style={{ minWidth: 180 }}
              >
                <MenuItem value="mtd">This month</MenuItem>
                <MenuItem value="30d">Last 30 days</MenuItem>
                <MenuItem value="6m">Last 6 months</MenuItem>
                <MenuItem value="12m">Last 12 months</MenuItem>
                <MenuItem value="custom">Custom</MenuItem>
              </TextField>
              {preset === 'custom' && (
                <>
                  <TextField
                    type="date"
                    label="From"
                    value={custom.from}
                    InputLabelProps={{ shrink: true }}
                    onChange={e =>
                      setCustom({ ...custom, from: e.target.value })
                    }
                  />
                  <TextField
                    type="date"
                    label="To"
                    value={custom.to}
                    InputLabelProps={{ shrink: true }}
                    onChange={e => setCustom({ ...custom, to: e.target.value })}
                  />
                </>
              )}
              <ToggleButtonGroup
                size="small"
                exclusive
                value={granularity}
                onChange={(_e, value) => value && setGranularity(value)}
              >
                <ToggleButton value="daily">Daily</ToggleButton>
                <ToggleButton value="monthly">Monthly</ToggleButton>
              </ToggleButtonGroup>
              <Button
                variant="outlined"
                color="primary"
                onClick={download}
                disabled={downloading || !range}
              >
                {downloading ? 'Preparing CSV…' : 'Download CSV'}
              </Button>
              {downloadError && (
                <Typography color="error" variant="body2">
                  CSV export failed: {downloadError.message}
                </Typography>
              )}
            </Box>
          </Grid>

          <Grid item xs={12}>
            <Breadcrumbs aria-label="drill-down">
              <MuiLink
                component="button"
                variant="body1"
                onClick={() => setPath([])}
              >
                All {DIMENSION_LABEL[rootDimension].toLocaleLowerCase('en-US')}s
              </MuiLink>
              {path.map((p, i) => (
                <MuiLink
                  key={`${p.dimension}:${p.key}`}
                  component="button"
                  variant="body1"
                  onClick={() => setPath(path.slice(0, i + 1))}
                >
                  {p.label}
                </MuiLink>
              ))}
            </Breadcrumbs>
          </Grid>

          <Grid item xs={12}>
            <InfoCard
              title={`Cost by ${DIMENSION_LABEL[dimension]}${
                path.length ? ` · ${path.map(p => p.label).join(' › ')}` : ''
              }`}
              subheader={
                range
                  ? `${range.from} to ${range.to}, ${granularity}, ${currency}; dashed: forecast to month end (linear)`
                  : ''
              }
            >
              {breakdown.loading && <Progress />}
              {breakdown.error && (
                <ResponseErrorPanel error={breakdown.error} />
              )}
              {chart &&
                breakdown.value &&
                breakdown.value.rows.length === 0 && (
                  <Typography>No spend in this range.</Typography>
                )}
              {chart && breakdown.value && breakdown.value.rows.length > 0 && (
                <TrendChart
                  keys={chart.keys}
                  data={chart.data}
                  forecast={breakdown.value.forecast}
                  granularity={granularity}
                  currency={currency}
                />
              )}
            </InfoCard>
          </Grid>

          <Grid item xs={12}>
            <Table<BreakdownRow>
              title={`Breakdown by ${DIMENSION_LABEL[dimension]}`}
              subtitle={
                NEXT[dimension]
                  ? `Select a ${DIMENSION_LABEL[dimension].toLocaleLowerCase(
                      'en-US',
                    )} to drill down`
                  : undefined
              }
              options={{ paging: false, search: false, padding: 'dense' }}
              isLoading={breakdown.loading}
              columns={
                breakdown.value?.rows.some(r => r.entityRef)
                  ? columns
                  : columns.filter(c => c.field !== 'entityRef')
              }
              data={breakdown.value?.rows ?? []}
              emptyContent={<Box p={2}>No spend in this range.</Box>}
            />
          </Grid>

          <Grid item xs={12} md={6}>
            <ListCard
              title="Budgets, this month"
              subheader="actual and forecast to month end vs budget"
              state={budgets}
              items={budgets.value?.budgets}
              empty="No budgets configured (awsCost.budgets)."
            >
              {items =>
                items.map(b => (
                  <Box
                    key={b.entityRef}
                    mb={2}
                    data-testid={`budget-${b.entityRef}`}
                  >
                    <Box display="flex" justifyContent="space-between">
                      <Typography variant="body2">
                        <Link to={entityPath(b.entityRef)}>{b.label}</Link>
                      </Typography>
                      <Typography
                        variant="body2"
                        color={b.state === 'ok' ? 'textSecondary' : 'error'}
                      >
                        {formatMoney(b.actual, currency)} of{' '}
                        {formatMoney(b.budget, currency)} · forecast{' '}
                        {formatMoney(b.forecast, currency)}
                        {b.state === 'over' && ' · over budget'}
                        {b.state === 'at-risk' && ' · forecast over budget'}
                      </Typography>
                    </Box>
                    <LinearProgress
                      variant="buffer"
                      value={Math.min(100, (b.actual / b.budget) * 100)}
                      valueBuffer={Math.min(100, (b.forecast / b.budget) * 100)}
                      color={b.state === 'ok' ? 'primary' : 'secondary'}
                    />
                  </Box>
                ))
              }
            </ListCard>
          </Grid>

          <Grid item xs={12} md={6}>
            <ListCard
              title="Anomalies"
              subheader="this month against the 3 months before"
              state={anomalies}
              items={anomalies.value?.anomalies}
              empty="No anomalies."
            >
              {items =>
                items.map(a => (
                  <Box key={a.id} mb={1.5} data-testid="anomaly">
                    <Typography variant="subtitle2">
                      {a.entityRef ? (
                        <Link to={entityPath(a.entityRef)}>{a.label}</Link>
                      ) : (
                        a.label
                      )}
                      {a.ratio !== null
                        ? ` · ×${a.ratio.toFixed(1)}`
                        : ' · new spend'}
                    </Typography>
                    <Typography variant="body2" color="textSecondary">
                      {formatMoney(a.actual, currency)} since {a.startDay}{' '}
                      (expected {formatMoney(a.expected, currency)}, +
                      {formatMoney(a.impact, currency)})
                      {a.source === 'cost-explorer'
                        ? ' · AWS Cost Anomaly Detection'
                        : ''}
                    </Typography>
                    {a.causes.length > 0 && (
                      <Typography variant="body2" color="textSecondary">
                        Driven by: {a.causes.map(c => c.key).join(', ')}
                      </Typography>
                    )}
                  </Box>
                ))
              }
            </ListCard>
          </Grid>

          <Grid item xs={12} md={6}>
            <ListCard
              title="Top movers"
              subheader="services, month to date vs the same days before"
              state={movers}
              items={movers.value?.movers}
              empty="No change against the same days before."
            >
              {items =>
                items.map(m => (
                  <Box
                    key={m.key}
                    display="flex"
                    justifyContent="space-between"
                    mb={1}
                  >
                    <Typography variant="body2">{m.label}</Typography>
                    <Typography variant="body2">
                      {m.change.delta > 0 ? '+' : ''}
                      {formatMoney(m.change.delta, currency)} (
                      <ChangeText change={m.change} />)
                    </Typography>
                  </Box>
                ))
              }
            </ListCard>
          </Grid>

          <Grid item xs={12} md={6}>
            <InfoCard
              title="Unallocated spend"
              subheader="spend that maps to no team or service"
            >
              <Typography variant="h6">
                {formatMoney(s.unallocatedMonthToDate, currency)} this month
              </Typography>
              <Typography variant="body2" color="textSecondary">
                Tag resources with the cost-allocation tags (team, service,
                environment), or map existing tags to entities with the
                runway.io/cost-allocation annotation.
              </Typography>
              <Box mt={1}>
                <Button
                  size="small"
                  onClick={() => {
                    setRootDimension('service');
                    setPath([
                      {
                        dimension: 'service',
                        key: UNALLOCATED_KEY,
                        label: 'Untagged',
                      },
                    ]);
                  }}
                >
                  Untagged spend by AWS service
                </Button>
              </Box>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
