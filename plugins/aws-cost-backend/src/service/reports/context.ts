import { AwsCostConfig } from '../../config';
import { OrgIndex } from '../OrgIndex';
import { ReportQueries } from './ReportQueries';

/** What every report use case reads: the query layer, the org index, the config. */
export type ReportContext = {
  queries: ReportQueries;
  config: AwsCostConfig;
  /** The catalog's org index (cached; a catalog failure is a 503). */
  orgIndex: () => Promise<OrgIndex>;
};
