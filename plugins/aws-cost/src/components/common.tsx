import { ReactNode } from 'react';
import {
  Box,
  Chip,
  Paper,
  Tooltip as MuiTooltip,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import {
  CostChange,
  CostDataStatus,
  CostIncomplete,
  formatMoney,
} from '@runway/plugin-aws-cost-common';
import { dataAge } from '../utils/labels';
import { IncompleteWarning } from './IncompleteWarning';

const useStyles = makeStyles(theme => ({
  tile: {
    padding: theme.spacing(2),
    height: '100%',
  },
  up: { color: theme.palette.error.main },
  down: { color: theme.palette.success.main },
  notice: { color: theme.palette.warning.dark },
}));

/** "sample data" whenever the numbers come from the generated data set. */
export function SampleDataChip({ status }: { status: CostDataStatus }) {
  if (!status.sample) return null;
  return (
    <MuiTooltip title="Generated sample data set (FOCUS format, fixed seed), not real AWS spend">
      <Chip
        size="small"
        color="secondary"
        label="sample data"
        data-testid="sample-data"
      />
    </MuiTooltip>
  );
}

/**
 * Currency and data age, shown with every view, with the sources' errors
 * and what their imports left out (other providers, other currencies).
 */
export function DataStatusLine({ status }: { status: CostDataStatus }) {
  const classes = useStyles();
  const failing = status.sources.filter(s => s.lastError);
  const notices = status.sources.flatMap(s => s.notices ?? []);
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography variant="body2" color="textSecondary">
        Amounts in {status.currency} (amortised) · data up to{' '}
        {status.lastDay ?? 'no data yet'} · last sync{' '}
        {dataAge(status.lastSyncAt, Date.now())}
      </Typography>
      <SampleDataChip status={status} />
      {failing.length > 0 && (
        <Typography variant="body2" color="error">
          {failing.map(s => `${s.source}: ${s.lastError}`).join('; ')}
        </Typography>
      )}
      {notices.length > 0 && (
        <Typography
          variant="body2"
          className={classes.notice}
          data-testid="cost-notices"
        >
          Not included: {notices.join('; ')}
        </Typography>
      )}
    </Box>
  );
}

/** "+12.3 %" with colour: spend going up is bad news. */
export function ChangeText({ change }: { change: CostChange }) {
  const classes = useStyles();
  if (change.ratio === null) {
    return <span>new</span>;
  }
  const pct = change.ratio * 100;
  return (
    <span className={pct > 0 ? classes.up : classes.down}>
      {pct > 0 ? '+' : ''}
      {pct.toFixed(1)} %
    </span>
  );
}

/** One KPI tile. */
export function KpiTile(props: {
  title: string;
  micros: number;
  currency: string;
  footer?: ReactNode;
  testId?: string;
}) {
  const classes = useStyles();
  return (
    <Paper className={classes.tile} data-testid={props.testId}>
      <Typography variant="overline" color="textSecondary">
        {props.title}
      </Typography>
      <Typography variant="h5">
        {formatMoney(props.micros, props.currency)}
      </Typography>
      {props.footer && (
        <Typography variant="body2" color="textSecondary">
          {props.footer}
        </Typography>
      )}
    </Paper>
  );
}

/**
 * A dashboard card over a list the API returns: progress while loading, the
 * error panel on failure, `empty` when the list has no item, else the items;
 * above them, the answer's incomplete warning when it has one.
 */
export function ListCard<T>(props: {
  title: string;
  subheader: string;
  state: { loading: boolean; error?: Error };
  items: T[] | undefined;
  empty: ReactNode;
  children: (items: T[]) => ReactNode;
  /** The answer's incomplete marker: a warning above the items. */
  incomplete?: CostIncomplete;
  testId?: string;
}) {
  const { title, subheader, state, items, empty, children } = props;
  return (
    <InfoCard title={title} subheader={subheader}>
      <IncompleteWarning
        compact
        incomplete={props.incomplete}
        testId={props.testId}
      />
      {state.loading && <Progress />}
      {state.error && <ResponseErrorPanel error={state.error} />}
      {items?.length === 0 && <Typography>{empty}</Typography>}
      {items && items.length > 0 && children(items)}
    </InfoCard>
  );
}
