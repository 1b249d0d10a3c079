/**
 * Runway's AWS cost backend plugin.
 *
 * @packageDocumentation
 */
export { awsCostPlugin as default } from './plugin';
export { CostStore } from './store/CostStore';
export { RefusedRowTable } from './store/RefusedRowTable';
export type {
  DailyCostRow,
  StoreColumn,
  StoredAnomaly,
  StoreFilter,
  SyncStatusRow,
  RefusedFileRecord,
  RefusedRowRecord,
} from './store/CostStore';
export { importCostFile } from './import/importer';
export type { ImportResult, ImportRowError } from './import/importer';
export type { ImportExclusion } from './import/exclusions';
