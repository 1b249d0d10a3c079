import { ReactNode, useState } from 'react';
import { Box, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import {
  EntityTemplateResponse,
  UpgradeRequest,
} from '@runway/plugin-template-upgrades-common';
import { DriftFiles } from './DriftFiles';
import { UpgradeButton } from './UpgradeButton';
import { UpgradeRequestSummary } from './UpgradeRequestSummary';
import { VersionStatus } from './VersionStatus';

/** A label above a value. */
function Field(props: { label: string; children: ReactNode }) {
  return (
    <Box mb={2}>
      <Typography variant="subtitle2">{props.label}</Typography>
      {props.children}
    </Box>
  );
}

/**
 * The body of the Template card once the backend answered: the service's
 * version, drift and latest upgrade request, and the Upgrade button when it
 * is behind and the caller may upgrade it.
 */
export function EntityTemplateStatus(props: {
  entityRef: string;
  answer: EntityTemplateResponse;
  fallbackTemplate?: string;
}) {
  const { status, canUpgrade } = props.answer;
  // the request the button opened replaces the one read with the page
  const [opened, setOpened] = useState<UpgradeRequest>();
  if (!status) {
    return (
      <Typography variant="body2" color="textSecondary">
        Not made from a template Runway knows
        {props.fallbackTemplate ? ` (${props.fallbackTemplate})` : ''}.
      </Typography>
    );
  }
  return (
    <>
      {status.problem && (
        <Box mb={2}>
          <Alert severity="warning">{status.problem}</Alert>
        </Box>
      )}
      <Field label="Version">
        <VersionStatus status={status} showLatest />
      </Field>
      <Field label="Files changed since generated">
        <DriftFiles drift={status.drift} />
      </Field>
      <Field label="Latest upgrade request">
        <UpgradeRequestSummary request={opened ?? status.upgrade} />
      </Field>
      {status.behind && canUpgrade && status.latestVersion && (
        <UpgradeButton
          entityRef={props.entityRef}
          toVersion={status.latestVersion}
          onUpgraded={r => setOpened(r.request)}
        />
      )}
    </>
  );
}
