import { EmptyState } from '@backstage/core-components';
import { Box } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { FleetResponse } from '@runway/plugin-template-upgrades-common';
import { TemplateSection } from './TemplateSection';

/**
 * The fleet as the backend answered it: a note when the sweep is off, an
 * empty state when there is no template to list, one section per template
 * (whose table says when no service was made from it).
 */
export function FleetView(props: { fleet: FleetResponse }) {
  const { templates, sweepEnabled } = props.fleet;
  return (
    <>
      {!sweepEnabled && (
        <Box mb={2}>
          <Alert severity="info">
            Upgrade pull requests are opened from each service's page; the sweep
            is off.
          </Alert>
        </Box>
      )}
      {templates.length === 0 && (
        <EmptyState
          missing="content"
          title="No service was created from a template yet"
          description="Services made from a software template carry the backstage.io/source-template and runway.io/template-version annotations; they are listed here with the version they were made from."
        />
      )}
      {templates.map(t => (
        <TemplateSection key={t.templateRef} template={t} />
      ))}
    </>
  );
}
