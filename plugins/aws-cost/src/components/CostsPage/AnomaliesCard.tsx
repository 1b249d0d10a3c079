import { AsyncState } from 'react-use/esm/useAsync';
import { Link } from '@backstage/core-components';
import { Box, Typography } from '@material-ui/core';
import { CostAnomalies, formatMoney } from '@runway/plugin-aws-cost-common';
import { anomalyRatioText, entityPath } from '../../utils/labels';
import { ListCard } from '../common';

/** This month's anomalies against the 3 months before, with their drivers. */
export function AnomaliesCard(props: {
  anomalies: AsyncState<CostAnomalies>;
  currency: string;
}) {
  const { anomalies, currency } = props;
  return (
    <ListCard
      title="Anomalies"
      subheader="this month against the 3 months before"
      state={anomalies}
      incomplete={anomalies.value?.incomplete}
      testId="anomalies-incomplete"
      items={anomalies.value?.anomalies}
      empty="No anomalies."
    >
      {items =>
        items.map(a => (
          <Box key={a.id} mb={1.5} data-testid="anomaly">
            <Typography variant="subtitle2">
              {a.entityRef ? (
                <Link to={entityPath(a.entityRef)}>{a.label}</Link>
              ) : (
                a.label
              )}
              {anomalyRatioText(a.ratio)}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {formatMoney(a.actual, currency)} since {a.startDay} (expected{' '}
              {formatMoney(a.expected, currency)}, +
              {formatMoney(a.impact, currency)})
              {a.source === 'cost-explorer'
                ? ' · AWS Cost Anomaly Detection'
                : ''}
            </Typography>
            {a.causes.length > 0 && (
              <Typography variant="body2" color="textSecondary">
                Driven by: {a.causes.map(c => c.key).join(', ')}
              </Typography>
            )}
          </Box>
        ))
      }
    </ListCard>
  );
}
