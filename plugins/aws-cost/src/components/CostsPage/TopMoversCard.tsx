import { AsyncState } from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { CostMovers, formatMoney } from '@runway/plugin-aws-cost-common';
import { ChangeText, ListCard } from '../common';

/** The services whose spend changed most, month to date vs the same days before. */
export function TopMoversCard(props: {
  movers: AsyncState<CostMovers | undefined>;
  currency: string;
}) {
  const { movers, currency } = props;
  return (
    <ListCard
      title="Top movers"
      subheader="services, month to date vs the same days before"
      state={movers}
      incomplete={movers.value?.incomplete}
      testId="movers-incomplete"
      items={movers.value?.movers}
      empty="No change against the same days before."
    >
      {items =>
        items.map(m => (
          <Box key={m.key} display="flex" justifyContent="space-between" mb={1}>
            <Typography variant="body2">{m.label}</Typography>
            <Typography variant="body2">
              {m.change.delta > 0 ? '+' : ''}
              {formatMoney(m.change.delta, currency)} (
              <ChangeText change={m.change} />)
            </Typography>
          </Box>
        ))
      }
    </ListCard>
  );
}
