/*
 * The pure health model: one module per verdict (cluster, workload,
 * service, readiness checklist) over shared pieces, which stay internal
 * except `belongsTo` (the backend's log lookup uses it).
 */
export { belongsTo } from './objects';
export { clusterHealth } from './clusterHealth';
export { readinessChecklist } from './readinessChecklist';
export { workloadHealth } from './workloadHealth';
export { serviceHealth } from './serviceHealth';
export { serviceApplications } from './applications';
