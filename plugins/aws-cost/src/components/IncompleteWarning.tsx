import { useState } from 'react';
import { useApi } from '@backstage/frontend-plugin-api';
import { Box, Link, Typography } from '@material-ui/core';
import { Alert } from '@material-ui/lab';
import { CostIncomplete } from '@runway/plugin-aws-cost-common';
import { awsCostApiRef } from '../api';
import { incompleteGroupText, incompleteSources } from '../utils/incomplete';
import { saveBlob } from './CostsPage/useCsvDownload';

/**
 * The warning of a card or chart whose answer covers a billing period and
 * account an import did not write because of refused rows: one line per
 * period and account, with a link that downloads the refused rows (CSV).
 */
export function IncompleteWarning(props: {
  incomplete?: CostIncomplete;
  testId?: string;
  /**
   * One line naming the incomplete months, for the cards of a page whose
   * full warning (with the download) is shown once at its top.
   */
  compact?: boolean;
}) {
  if (!props.incomplete) return null;
  if (props.compact) {
    return (
      <CompactWarning incomplete={props.incomplete} testId={props.testId} />
    );
  }
  return <Warning incomplete={props.incomplete} testId={props.testId} />;
}

function CompactWarning(props: {
  incomplete: CostIncomplete;
  testId?: string;
}) {
  const { incomplete } = props;
  const months = [
    ...new Set(incomplete.groups.map(g => g.billingPeriod || 'unknown period')),
  ].sort();
  const refused = incomplete.groups.reduce((n, g) => n + g.refusedRows, 0);
  return (
    <Box mb={1}>
      <Alert severity="warning" data-testid={props.testId ?? 'incomplete'}>
        <Typography variant="body2">
          Incomplete: {months.join(', ')}, {refused.toLocaleString('en-US')}{' '}
          refused {refused === 1 ? 'row' : 'rows'} not imported
          {incomplete.forecast ? '; the forecast is based on it' : ''}.{' '}
          <DownloadLinks incomplete={incomplete} />
        </Typography>
      </Alert>
    </Box>
  );
}

/** "Download the list of refused rows" per source (none for a limited marker). */
function DownloadLinks(props: { incomplete: CostIncomplete }) {
  const api = useApi(awsCostApiRef);
  const [error, setError] = useState<Error | undefined>();
  const download = async (source: string) => {
    setError(undefined);
    try {
      const { blob, filename } = await api.downloadRefusedRows({ source });
      saveBlob(blob, filename);
    } catch (e) {
      setError(e as Error);
    }
  };
  const sources = props.incomplete.limited
    ? []
    : incompleteSources(props.incomplete);
  return (
    <>
      {sources.map((source, i) => (
        <span key={source}>
          {i > 0 && ' · '}
          <Link
            component="button"
            variant="body2"
            onClick={() => download(source)}
            data-testid={`refused-rows-${source}`}
          >
            Download the list of refused rows
            {sources.length > 1 ? ` (${source})` : ''}
          </Link>
        </span>
      ))}
      {error && (
        <Typography variant="body2" color="error" component="span">
          {' '}
          Could not download the refused rows: {error.message}
        </Typography>
      )}
    </>
  );
}

function Warning(props: { incomplete: CostIncomplete; testId?: string }) {
  const { incomplete } = props;
  return (
    <Box mb={1}>
      <Alert severity="warning" data-testid={props.testId ?? 'incomplete'}>
        {incomplete.groups.map(g => (
          <Typography
            variant="body2"
            key={`${g.source}|${g.file}|${g.billingPeriod}|${g.accountId}`}
          >
            {incompleteGroupText(g, incomplete.limited)}
          </Typography>
        ))}
        {incomplete.forecast && (
          <Typography variant="body2">
            Forecasts here are based on incomplete data.
          </Typography>
        )}
        {incomplete.limited && (
          <Typography variant="body2">
            Readers of every cost report (aws-cost.report.read) can download the
            refused rows.
          </Typography>
        )}
        <Typography variant="body2">
          <DownloadLinks incomplete={incomplete} />
        </Typography>
      </Alert>
    </Box>
  );
}
