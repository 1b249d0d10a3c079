import { useMemo, useState } from 'react';
import {
  BreakdownRow,
  CostDimension,
  Granularity,
} from '@runway/plugin-aws-cost-common';
import { CostFilter } from '../../api';
import { BreakdownQuery } from './useCostDashboard';
import {
  canDrill,
  currentDimension,
  DayRange,
  drillFilter,
  DrillStep,
  granularityForPreset,
  RangePreset,
  selectedRange,
  UNTAGGED_PATH,
} from '../../utils/selection';

/** What the user looks at on the Costs page, and the ways to change it. */
export type CostSelection = {
  /** The "View by" dimension, where the drill-down starts. */
  rootDimension: CostDimension;
  /** The rows chosen so far, from the top. */
  path: DrillStep[];
  /** The dimension shown now, at the end of the path. */
  dimension: CostDimension;
  filter: CostFilter;
  preset: RangePreset;
  /** The custom range's days, as typed (either may be empty). */
  custom: DayRange;
  /** The range in effect (empty days until the last day with data is known). */
  range: DayRange;
  /**
   * What the breakdown asks for: the named preset, which the backend ends
   * on its last day with data (so the page need not learn that day
   * first), or the custom days.
   */
  breakdownQuery: BreakdownQuery;
  granularity: Granularity;
  viewBy(dimension: CostDimension): void;
  choosePreset(preset: RangePreset): void;
  setCustom(range: DayRange): void;
  setGranularity(granularity: Granularity): void;
  /** Opens a row's next level; rows without one stay. */
  drill(row: BreakdownRow): void;
  /** Goes back to the first `depth` steps of the path (0: the top). */
  backTo(depth: number): void;
  /** Untagged spend by AWS service. */
  showUntagged(): void;
};

/**
 * The Costs page's view state: "View by", drill-down path, date range and
 * granularity, starting with teams over the last 6 months, monthly. `asOf`
 * (the last day with data) is empty until the summary is in.
 */
export function useCostSelection(asOf: string): CostSelection {
  const [rootDimension, setRootDimension] = useState<CostDimension>('team');
  const [path, setPath] = useState<DrillStep[]>([]);
  const [preset, setPreset] = useState<RangePreset>('6m');
  const [granularity, setGranularity] = useState<Granularity>('monthly');
  const [custom, setCustom] = useState<DayRange>({ from: '', to: '' });

  const range = useMemo(
    () => (asOf ? selectedRange(preset, custom, asOf) : { from: '', to: '' }),
    [preset, custom, asOf],
  );
  const dimension = currentDimension(rootDimension, path);
  const filter = useMemo(() => drillFilter(path), [path]);
  const days: Pick<BreakdownQuery, 'from' | 'to' | 'preset'> =
    preset === 'custom' && custom.from && custom.to
      ? custom
      : { preset: preset === 'custom' ? '6m' : preset };
  const breakdownQuery = { ...days, granularity, dimension, filter };

  return {
    rootDimension,
    path,
    dimension,
    filter,
    preset,
    custom,
    range,
    breakdownQuery,
    granularity,
    viewBy: next => {
      setRootDimension(next);
      setPath([]);
    },
    choosePreset: next => {
      setPreset(next);
      const implied = granularityForPreset(next);
      if (implied) setGranularity(implied);
      // a custom range starts from the range shown so far
      if (next === 'custom') setCustom(range);
    },
    setCustom,
    setGranularity,
    drill: row => {
      if (!canDrill(dimension, row.key)) return;
      setPath([...path, { dimension, key: row.key, label: row.label }]);
    },
    backTo: depth => setPath(path.slice(0, depth)),
    showUntagged: () => {
      setRootDimension('service');
      setPath(UNTAGGED_PATH);
    },
  };
}
