/**
 * Error-budget math (Google SRE workbook, "Alerting on SLOs"), as pure
 * functions. Ratios are fractions (0.999), never percentages, unless a
 * name says `Percent`.
 */
export * from './numbers';
export * from './sli';
export * from './windows';
export * from './budget';
export * from './burnRateAlerts';
export * from './counters';
