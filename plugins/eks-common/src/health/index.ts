/*
 * The pure health model: one module per verdict (cluster, workload,
 * service, readiness checklist) over shared pieces.
 */
export { verdictOf, worst } from './verdict';
export { podProblem } from './pods';
export { recentWarnings } from './events';
export { hpaSummary, belongsTo } from './objects';
export { clusterHealth } from './clusterHealth';
export { readinessChecklist } from './readinessChecklist';
export { workloadHealth } from './workloadHealth';
export { serviceHealth } from './serviceHealth';
