import {
  EmptyState,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Box, Grid, Typography } from '@material-ui/core';
import { SloSummary } from '@runway/plugin-slo-common';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../api';
import {
  budgetPercent,
  burnRateText,
  byRemainingBudget,
  dataAge,
  durationText,
  percent,
  windowText,
} from '../utils/format';
import { BudgetChart } from './BudgetChart';
import { Figure, SampleDataChip, SloStatusLabel } from './common';

function BudgetHistory({ slo }: { slo: SloSummary }) {
  const api = useApi(sloApiRef);
  const { value, loading, error } = useAsync(
    () => api.getSloDetail(slo.entityRef, slo.name),
    [slo.entityRef, slo.name],
  );
  if (loading) return <Progress />;
  if (error) {
    return (
      <Typography color="error">
        Budget history unavailable: {error.message}
      </Typography>
    );
  }
  if (!value || value.history.length === 0) {
    return (
      <Typography color="textSecondary">No budget history yet.</Typography>
    );
  }
  return <BudgetChart history={value.history} />;
}

/** One SLO: its figures, status and budget burn-down. */
export function SloCard(props: { slo: SloSummary; sampleData?: boolean }) {
  const { slo } = props;
  return (
    <InfoCard
      title={slo.displayName ?? slo.name}
      subheader={`${percent(
        slo.objective,
        slo.objective >= 0.999 ? 2 : 1,
      )} over ${windowText(slo.window)} · ${slo.name}`}
      action={<SampleDataChip sampleData={props.sampleData} />}
    >
      <div data-testid={`slo-card-${slo.name}`}>
        <Box display="flex" flexWrap="wrap" alignItems="flex-end">
          <Figure
            label="Status"
            value={<SloStatusLabel status={slo.status} />}
          />
          <Figure label="Target" value={percent(slo.objective)} />
          <Figure label="Current SLI" value={percent(slo.sli, 3)} />
          <Figure
            label="Error budget left"
            value={budgetPercent(slo.remaining)}
            testId={`remaining-${slo.name}`}
          />
          <Figure label="Burn rate (1 h)" value={burnRateText(slo.burnRate)} />
          <Figure
            label="Budget gone in"
            value={durationText(slo.timeToExhaustionSeconds)}
          />
        </Box>
        {(slo.alerts.page || slo.alerts.ticket) && (
          <Typography variant="body2" color="error" gutterBottom>
            {slo.alerts.page
              ? 'Fast burn: the page alert condition holds.'
              : 'Slow burn: the ticket alert condition holds.'}
          </Typography>
        )}
        {slo.error && (
          <Typography variant="body2" color="error" gutterBottom>
            {slo.error}
          </Typography>
        )}
        {slo.remaining !== undefined && <BudgetHistory slo={slo} />}
        <Typography variant="caption" color="textSecondary">
          {slo.description ? `${slo.description} ` : ''}Data{' '}
          {dataAge(slo.evaluatedAt)}
          {slo.source ? ` from Prometheus "${slo.source}"` : ''}
          {slo.fromRecordingRules === false
            ? ' (raw expressions: no recording rules found)'
            : ''}
          .
        </Typography>
      </div>
    </InfoCard>
  );
}

/** The entity page's SLO tab. */
export function EntitySloContent() {
  const { entity } = useEntity();
  const api = useApi(sloApiRef);
  const entityRef = stringifyEntityRef(entity);
  const config = useAsync(() => api.getConfig(), [api]);
  const { value, loading, error } = useAsync(
    () => api.getEntitySlos(entityRef),
    [entityRef],
  );

  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  if (!value) return null;
  const sampleData = config.value?.sampleData;
  return (
    <Grid container spacing={3}>
      {value.issues.length > 0 && (
        <Grid item xs={12}>
          <WarningPanel
            severity="error"
            title={`The SLO file ${value.sloRef ?? ''} has problems`}
            defaultExpanded
          >
            <ul data-testid="slo-file-issues">
              {value.issues.map(issue => (
                <li key={`${issue.path}:${issue.message}`}>
                  <code>{issue.path || '(file)'}</code>: {issue.message}
                </li>
              ))}
            </ul>
          </WarningPanel>
        </Grid>
      )}
      {value.errors.length > 0 && (
        <Grid item xs={12}>
          <WarningPanel title="Some figures are missing: a Prometheus did not answer">
            {value.errors.map(e => (
              <Typography key={`${e.source}:${e.message}`} variant="body2">
                {e.source}: {e.message}
              </Typography>
            ))}
          </WarningPanel>
        </Grid>
      )}
      {value.slos.length === 0 && value.issues.length === 0 && (
        <Grid item xs={12}>
          <EmptyState
            missing="info"
            title="No SLOs"
            description="Declare SLOs in an OpenSLO or Sloth file and point the runway.io/slo-ref annotation at it."
          />
        </Grid>
      )}
      {byRemainingBudget(value.slos).map(slo => (
        <Grid item xs={12} md={6} key={slo.name}>
          <SloCard slo={slo} sampleData={sampleData} />
        </Grid>
      ))}
    </Grid>
  );
}
