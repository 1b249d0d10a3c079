import {
  addDays,
  daysBetween,
  daysInMonth,
  monthEnd,
  monthStart,
} from '../dates';
import { divideMicros, microsToNumber } from '../money';
import { CostPoint, Granularity } from '../types';
import { MicrosInput, toMicros } from './amounts';

/**
 * Linear month-end forecast: month to date plus the average of the last
 * `window` complete days times the days left. `asOf` is the last day with
 * data; days after it are forecast.
 *
 * @public
 */
export function linearForecast(options: {
  daily: Array<{ day: string; micros: MicrosInput }>;
  asOf: string;
  window?: number;
}): { monthToDate: bigint; forecastMonthEnd: bigint; dailyRate: bigint } {
  const window = options.window ?? 7;
  const start = monthStart(options.asOf);
  const windowStart = addDays(options.asOf, -(window - 1));
  let mtd = 0n;
  let recent = 0n;
  for (const row of options.daily) {
    if (row.day > options.asOf) continue;
    const v = toMicros(row.micros);
    if (row.day >= start) mtd += v;
    if (row.day >= windowStart) recent += v;
  }
  const rate = divideMicros(recent, BigInt(window));
  const left = BigInt(daysBetween(options.asOf, monthEnd(options.asOf)));
  return {
    monthToDate: mtd,
    forecastMonthEnd: mtd + rate * left,
    dailyRate: rate,
  };
}

/**
 * Forecast points for the chart: the remaining days (daily) or the current
 * month's total (monthly), continuing the actual series.
 *
 * @public
 */
export function forecastPoints(options: {
  asOf: string;
  dailyRate: MicrosInput;
  forecastMonthEnd: MicrosInput;
  granularity: Granularity;
}): CostPoint[] {
  if (options.granularity === 'monthly') {
    return [
      {
        period: options.asOf.slice(0, 7),
        micros: microsToNumber(toMicros(options.forecastMonthEnd)),
      },
    ];
  }
  const points: CostPoint[] = [];
  const rate = microsToNumber(toMicros(options.dailyRate));
  for (
    let d = addDays(options.asOf, 1);
    d <= monthEnd(options.asOf);
    d = addDays(d, 1)
  ) {
    points.push({ period: d, micros: rate });
  }
  return points;
}

/** Days of data elapsed in the month of `asOf` and days in it. @public */
export function monthProgress(asOf: string): {
  elapsed: number;
  total: number;
} {
  return { elapsed: Number(asOf.slice(8, 10)), total: daysInMonth(asOf) };
}
