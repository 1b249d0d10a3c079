import { ReactNode } from 'react';
import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { Box, Chip, Typography } from '@material-ui/core';
import { SloStatus } from '@runway/plugin-slo-common';

/** The status of an SLO with an icon and a word (never colour alone). */
export function SloStatusLabel({ status }: { status: SloStatus }) {
  const text = {
    healthy: 'Healthy',
    warning: 'Warning',
    exhausted: 'Exhausted',
    unknown: 'No data',
  }[status];
  const Icon = {
    healthy: StatusOK,
    warning: StatusWarning,
    exhausted: StatusError,
    unknown: StatusPending,
  }[status];
  return <Icon>{text}</Icon>;
}

/** Marks figures that come from make dev's generated history. */
export function SampleDataChip({ sampleData }: { sampleData?: boolean }) {
  if (!sampleData) return null;
  return (
    <Chip
      size="small"
      color="secondary"
      label="sample data"
      title="Figures come from generated sample history in a local Prometheus"
    />
  );
}

/** A label above a figure. */
export function Figure(props: {
  label: string;
  value: ReactNode;
  testId?: string;
}) {
  return (
    <Box minWidth={110} mr={3} mb={1}>
      <Typography variant="caption" color="textSecondary" component="div">
        {props.label}
      </Typography>
      <Typography variant="h6" component="div" data-testid={props.testId}>
        {props.value}
      </Typography>
    </Box>
  );
}
