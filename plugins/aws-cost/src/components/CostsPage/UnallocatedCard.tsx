import { InfoCard } from '@backstage/core-components';
import { Box, Button, Typography } from '@material-ui/core';
import {
  CostIncomplete,
  formatMoney,
  Micros,
} from '@runway/plugin-aws-cost-common';
import { IncompleteWarning } from '../IncompleteWarning';

/**
 * Spend that maps to no team or service, how to allocate it, and a button
 * that shows it by AWS service.
 */
export function UnallocatedCard(props: {
  micros: Micros;
  currency: string;
  onShowUntagged: () => void;
  /** The summary's incomplete marker (the amount is its month to date). */
  incomplete?: CostIncomplete;
}) {
  return (
    <InfoCard
      title="Unallocated spend"
      subheader="spend that maps to no team or service"
    >
      <IncompleteWarning
        compact
        incomplete={props.incomplete}
        testId="unallocated-incomplete"
      />
      <Typography variant="h6">
        {formatMoney(props.micros, props.currency)} this month
      </Typography>
      <Typography variant="body2" color="textSecondary">
        Tag resources with the cost-allocation tags (team, service,
        environment), or map existing tags to entities with the
        runway.io/cost-allocation annotation.
      </Typography>
      <Box mt={1}>
        <Button size="small" onClick={props.onShowUntagged}>
          Untagged spend by AWS service
        </Button>
      </Box>
    </InfoCard>
  );
}
