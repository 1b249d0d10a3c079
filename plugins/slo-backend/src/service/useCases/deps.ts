import { SloEvaluator } from '../evaluation/SloEvaluator';
import { SloCatalog } from '../SloCatalog';
import { SloDefinitionSource } from '../SloDefinitions';

/**
 * What the SLO use cases read: the catalog (as the caller may see it), each
 * entity's SLO file, the shared evaluation layer and the clock.
 *
 * @public
 */
export interface SloUseCaseDeps {
  /** Catalog lookups with the caller's credentials. */
  catalog: SloCatalog;
  /** The SLO files of entities. */
  definitions: SloDefinitionSource;
  /** Current figures, history and monthly ratios from Prometheus. */
  evaluator: SloEvaluator;
  /** Unix seconds. */
  clock: () => number;
}
