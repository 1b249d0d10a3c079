import { AsyncState } from 'react-use/esm/useAsync';
import { Link } from '@backstage/core-components';
import { Box, LinearProgress, Typography } from '@material-ui/core';
import { CostBudgets, formatMoney } from '@runway/plugin-aws-cost-common';
import {
  budgetProgress,
  budgetStateText,
  entityPath,
} from '../../utils/labels';
import { ListCard } from '../common';

/** This month's budgets: actual and forecast to month end against each budget. */
export function BudgetsCard(props: {
  budgets: AsyncState<CostBudgets>;
  currency: string;
}) {
  const { budgets, currency } = props;
  return (
    <ListCard
      title="Budgets, this month"
      subheader="actual and forecast to month end vs budget"
      state={budgets}
      incomplete={budgets.value?.incomplete}
      testId="budgets-incomplete"
      items={budgets.value?.budgets}
      empty="No budgets configured (awsCost.budgets)."
    >
      {items =>
        items.map(b => (
          <Box key={b.entityRef} mb={2} data-testid={`budget-${b.entityRef}`}>
            <Box display="flex" justifyContent="space-between">
              <Typography variant="body2">
                <Link to={entityPath(b.entityRef)}>{b.label}</Link>
              </Typography>
              <Typography
                variant="body2"
                color={b.state === 'ok' ? 'textSecondary' : 'error'}
              >
                {formatMoney(b.actual, currency)} of{' '}
                {formatMoney(b.budget, currency)} · forecast{' '}
                {formatMoney(b.forecast, currency)}
                {budgetStateText(b.state)}
              </Typography>
            </Box>
            <LinearProgress
              variant="buffer"
              {...budgetProgress(b)}
              color={b.state === 'ok' ? 'primary' : 'secondary'}
            />
          </Box>
        ))
      }
    </ListCard>
  );
}
