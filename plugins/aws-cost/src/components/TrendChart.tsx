import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  TooltipProps,
  XAxis,
  YAxis,
  Area,
} from 'recharts';
import { Paper, Typography, useTheme } from '@material-ui/core';
import {
  CostPoint,
  formatMoney,
  MICROS_PER_UNIT,
} from '@runway/plugin-aws-cost-common';

const FORECAST = 'Forecast';
const FORECAST_REST = 'Forecast, rest of month';

/** Draws a stacked cost trend (data shaped by stackedChartData) plus the forecast. */
export function TrendChart(props: {
  keys: string[];
  data: Array<Record<string, number | string>>;
  forecast?: CostPoint[];
  granularity: 'daily' | 'monthly';
  currency: string;
  height?: number;
}) {
  const theme = useTheme();
  const palette = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    '#26a69a',
    '#ffa726',
    '#8d6e63',
    '#5c6bc0',
    '#bdbdbd',
  ];
  const data = props.data.map(d => ({ ...d }));
  const monthly = props.granularity === 'monthly';
  for (const point of props.forecast ?? []) {
    const units = point.micros / MICROS_PER_UNIT;
    const existing = data.find(d => d.period === point.period);
    if (monthly) {
      // the rest of the month, stacked on what is already spent
      const spent = props.keys.reduce(
        (a, k) => a + Number(existing?.[k] ?? 0),
        0,
      );
      if (existing) existing[FORECAST_REST] = Math.max(0, units - spent);
    } else if (existing) existing[FORECAST] = units;
    else data.push({ period: point.period, [FORECAST]: units });
  }
  if (!monthly && props.forecast?.length) {
    // join the forecast line to the last actual day
    const lastActual = [...props.data].pop();
    if (lastActual) {
      const total = props.keys.reduce(
        (a, k) => a + Number(lastActual[k] ?? 0),
        0,
      );
      const row = data.find(d => d.period === lastActual.period);
      if (row) row[FORECAST] = total;
    }
  }
  const money = (value: number) =>
    formatMoney(Math.round(value * MICROS_PER_UNIT), props.currency, {
      compact: true,
    });
  const renderTooltip = ({
    active,
    payload,
    label,
  }: TooltipProps<number, string>) => {
    if (!active || !payload?.length) return null;
    return (
      <Paper style={{ padding: 8 }}>
        <Typography variant="subtitle2">{label}</Typography>
        {payload
          .filter(p => typeof p.value === 'number')
          .map(p => (
            <Typography
              key={String(p.name)}
              variant="body2"
              style={{ color: p.color }}
            >
              {p.name}:{' '}
              {formatMoney(
                Math.round((p.value as number) * MICROS_PER_UNIT),
                props.currency,
              )}
            </Typography>
          ))}
      </Paper>
    );
  };
  return (
    <ResponsiveContainer width="100%" height={props.height ?? 320}>
      <ComposedChart
        data={data}
        margin={{ top: 8, right: 16, left: 8, bottom: 0 }}
      >
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis dataKey="period" tick={{ fontSize: 12 }} minTickGap={16} />
        <YAxis tickFormatter={money} width={72} tick={{ fontSize: 12 }} />
        <Tooltip content={renderTooltip} />
        <Legend />
        {props.keys.map((key, i) =>
          props.granularity === 'monthly' ? (
            <Bar
              key={key}
              dataKey={key}
              stackId="cost"
              fill={palette[i % palette.length]}
              isAnimationActive={false}
            />
          ) : (
            <Area
              key={key}
              dataKey={key}
              stackId="cost"
              type="monotone"
              fill={palette[i % palette.length]}
              stroke={palette[i % palette.length]}
              isAnimationActive={false}
            />
          ),
        )}
        {monthly && props.forecast?.length ? (
          <Bar
            dataKey={FORECAST_REST}
            stackId="cost"
            fill={theme.palette.background.default}
            stroke={theme.palette.text.secondary}
            strokeDasharray="4 3"
            isAnimationActive={false}
          />
        ) : null}
        {!monthly && props.forecast?.length ? (
          <Line
            dataKey={FORECAST}
            stroke={theme.palette.text.primary}
            strokeDasharray="6 4"
            dot={props.granularity === 'monthly'}
            isAnimationActive={false}
            connectNulls
          />
        ) : null}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
