import { Breadcrumbs, Link as MuiLink } from '@material-ui/core';
import { CostDimension } from '@runway/plugin-aws-cost-common';
import { allOfLabel } from '../../utils/labels';
import { DrillStep } from '../../utils/selection';

/** The drill-down trail: "All teams" and each chosen row; each goes back there. */
export function DrillDownBreadcrumbs(props: {
  rootDimension: CostDimension;
  path: DrillStep[];
  /** Called with how many steps to keep (0: back to the top). */
  onBack: (depth: number) => void;
}) {
  const { rootDimension, path, onBack } = props;
  return (
    <Breadcrumbs aria-label="drill-down">
      <MuiLink component="button" variant="body1" onClick={() => onBack(0)}>
        {allOfLabel(rootDimension)}
      </MuiLink>
      {path.map((p, i) => (
        <MuiLink
          key={`${p.dimension}:${p.key}`}
          component="button"
          variant="body1"
          onClick={() => onBack(i + 1)}
        >
          {p.label}
        </MuiLink>
      ))}
    </Breadcrumbs>
  );
}
