import { AsyncState } from 'react-use/esm/useAsync';
import {
  Link,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { Box, Link as MuiLink, Typography } from '@material-ui/core';
import {
  BreakdownRow,
  CostBreakdown,
  CostDimension,
  formatMoney,
} from '@runway/plugin-aws-cost-common';
import { drillHint, entityPath, shareText } from '../../utils/labels';
import { canDrill, DIMENSION_LABEL } from '../../utils/selection';
import { ChangeText } from '../common';
import { IncompleteWarning } from '../IncompleteWarning';

/**
 * The sortable breakdown of the current selection: rows that lead deeper
 * are links that drill down; the Entity column shows only when a row has
 * an entity.
 */
export function BreakdownTable(props: {
  breakdown: AsyncState<CostBreakdown>;
  dimension: CostDimension;
  currency: string;
  onDrill: (row: BreakdownRow) => void;
}) {
  const { breakdown, dimension, currency, onDrill } = props;
  const columns: TableColumn<BreakdownRow>[] = [
    {
      title: DIMENSION_LABEL[dimension],
      field: 'label',
      render: row =>
        canDrill(dimension, row.key) ? (
          <MuiLink
            component="button"
            variant="body2"
            onClick={() => onDrill(row)}
            data-testid={`drill-${row.key}`}
          >
            {row.label}
          </MuiLink>
        ) : (
          <span>{row.label}</span>
        ),
    },
    {
      title: 'Entity',
      field: 'entityRef',
      render: row =>
        row.entityRef ? (
          <Link to={entityPath(row.entityRef)}>{row.entityRef}</Link>
        ) : (
          ''
        ),
    },
    {
      title: `Cost (${currency})`,
      field: 'total',
      type: 'numeric',
      defaultSort: 'desc',
      render: row => formatMoney(row.total, currency),
    },
    {
      title: 'vs previous period',
      field: 'change.delta',
      type: 'numeric',
      render: row => <ChangeText change={row.change} />,
      customSort: (a, b) => a.change.delta - b.change.delta,
    },
    {
      title: 'Share',
      field: 'share',
      type: 'numeric',
      render: row => shareText(row.total, breakdown.value?.total),
      customSort: (a, b) => a.total - b.total,
    },
  ];
  const rows = breakdown.value?.rows;
  const warnings = breakdown.value?.warnings ?? [];
  const table = (
    <Table<BreakdownRow>
      title={`Breakdown by ${DIMENSION_LABEL[dimension]}`}
      subtitle={drillHint(dimension)}
      options={{ paging: false, search: false, padding: 'dense' }}
      isLoading={breakdown.loading}
      columns={
        rows?.some(r => r.entityRef)
          ? columns
          : columns.filter(c => c.field !== 'entityRef')
      }
      data={rows ?? []}
      emptyContent={<Box p={2}>No spend in this range.</Box>}
    />
  );
  const incomplete = (
    <IncompleteWarning
      compact
      incomplete={breakdown.value?.incomplete}
      testId="breakdown-incomplete"
    />
  );
  if (warnings.length === 0) {
    return (
      <>
        {incomplete}
        {table}
      </>
    );
  }
  // e.g. a service tag claimed by more than one Component
  return (
    <>
      {incomplete}
      <Box mb={2} data-testid="breakdown-warnings">
        <WarningPanel
          severity="warning"
          defaultExpanded
          title="Some spend could not be attributed"
        >
          {warnings.map(w => (
            <Typography key={w} variant="body2">
              {w}
            </Typography>
          ))}
        </WarningPanel>
      </Box>
      {table}
    </>
  );
}
