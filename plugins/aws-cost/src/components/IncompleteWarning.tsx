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
}) {
  if (!props.incomplete) return null;
  return <Warning incomplete={props.incomplete} testId={props.testId} />;
}

function Warning(props: { incomplete: CostIncomplete; testId?: string }) {
  const { incomplete } = props;
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
  const sources = incomplete.limited ? [] : incompleteSources(incomplete);
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
        </Typography>
        {error && (
          <Typography variant="body2" color="error">
            Could not download the refused rows: {error.message}
          </Typography>
        )}
      </Alert>
    </Box>
  );
}
