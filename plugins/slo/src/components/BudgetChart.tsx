import { useTheme } from '@material-ui/core';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  TooltipProps,
  XAxis,
  YAxis,
} from 'recharts';
import { Paper, Typography } from '@material-ui/core';
import { chartPoints } from '../utils/format';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
});

function ChartTooltip({ active, payload }: TooltipProps<number, string>) {
  if (!active || !payload?.length) return null;
  const point = payload[0].payload as { time: number; remaining: number };
  return (
    <Paper style={{ padding: 8 }}>
      <Typography variant="body2">
        {dateFormat.format(point.time)} UTC
      </Typography>
      <Typography variant="body2">
        <b>{point.remaining.toFixed(1)} %</b> of the error budget left
      </Typography>
    </Paper>
  );
}

/** Budget burn-down: remaining error budget (%) over the SLO window. Draws only. */
export function BudgetChart(props: {
  history: Array<{ t: number; remaining: number }>;
}) {
  const theme = useTheme();
  const data = chartPoints(props.history);
  return (
    <ResponsiveContainer width="100%" height={160}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke={theme.palette.divider} />
        <XAxis
          dataKey="time"
          type="number"
          domain={['dataMin', 'dataMax']}
          scale="time"
          tickFormatter={t => dateFormat.format(t).split(',')[0]}
          stroke={theme.palette.text.secondary}
          fontSize={11}
        />
        <YAxis
          unit=" %"
          domain={[
            (min: number) => Math.min(0, Math.floor(min / 10) * 10),
            100,
          ]}
          stroke={theme.palette.text.secondary}
          fontSize={11}
          width={52}
        />
        <ReferenceLine y={0} stroke={theme.palette.error.main} />
        <Tooltip content={<ChartTooltip />} />
        <Line
          type="monotone"
          dataKey="remaining"
          stroke={theme.palette.primary.main}
          dot={false}
          isAnimationActive={false}
          strokeWidth={2}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}
