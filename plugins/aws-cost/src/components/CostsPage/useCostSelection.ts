import { useMemo, useState } from 'react';
import {
  BreakdownRow,
  CostDimension,
  Granularity,
} from '@runway/plugin-aws-cost-common';
import { CostFilter } from '../../api';
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
  /** The range in effect. */
  range: DayRange;
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
 * granularity, starting with teams over the last 6 months, monthly.
 */
export function useCostSelection(asOf: string): CostSelection {
  const [rootDimension, setRootDimension] = useState<CostDimension>('team');
  const [path, setPath] = useState<DrillStep[]>([]);
  const [preset, setPreset] = useState<RangePreset>('6m');
  const [granularity, setGranularity] = useState<Granularity>('monthly');
  const [custom, setCustom] = useState<DayRange>({ from: '', to: '' });

  const range = useMemo(
    () => selectedRange(preset, custom, asOf),
    [preset, custom, asOf],
  );
  const dimension = currentDimension(rootDimension, path);
  const filter = useMemo(() => drillFilter(path), [path]);

  return {
    rootDimension,
    path,
    dimension,
    filter,
    preset,
    custom,
    range,
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
