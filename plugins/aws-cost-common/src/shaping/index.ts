/*
 * Pure cost data shaping, one module per topic, all in integer micro-units
 * (bigint inside, `number` micros in answers): amounts and change,
 * breakdowns, forecasts, anomalies, budgets and shared-cost splits, chart
 * data.
 */
export { costChange, toMicros } from './amounts';
export type { DailyCost, MicrosInput } from './amounts';
export { breakdownTree, buildBreakdownRows, topMovers } from './breakdown';
export type { BreakdownNode } from './breakdown';
export { forecastPoints, linearForecast, monthProgress } from './forecast';
export { anomalyCauses, detectAnomalies } from './anomalies';
export { budgetState, splitShared } from './budgets';
export { stackedChartData } from './charts';
