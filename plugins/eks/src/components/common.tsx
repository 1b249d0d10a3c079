import {
  Chip,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@material-ui/core';
import { Verdict } from '@runway/plugin-eks-common';

const useStyles = makeStyles(theme => ({
  healthy: {
    backgroundColor: theme.palette.success.main,
    color: theme.palette.success.contrastText,
  },
  degraded: {
    backgroundColor: theme.palette.warning.main,
    color: theme.palette.warning.contrastText,
  },
  down: {
    backgroundColor: theme.palette.error.main,
    color: theme.palette.error.contrastText,
  },
  sample: { marginLeft: theme.spacing(1) },
}));

/** The verdict as a coloured chip: healthy / degraded / down. */
export function VerdictChip(props: {
  verdict: Verdict;
  size?: 'small' | 'medium';
}) {
  const classes = useStyles();
  return (
    <Chip
      label={props.verdict}
      size={props.size ?? 'small'}
      className={classes[props.verdict]}
      aria-label={`verdict ${props.verdict}`}
    />
  );
}

/** Shown wherever data comes from Runway's sample EKS data source. */
export function SampleDataLabel(props: { what?: string }) {
  const classes = useStyles();
  return (
    <Tooltip
      title={`${
        props.what ?? 'Node groups, upgrade insights and add-ons'
      } come from Runway's sample EKS data source, not from AWS`}
    >
      <Chip
        label="sample data"
        size="small"
        variant="outlined"
        color="secondary"
        className={classes.sample}
      />
    </Tooltip>
  );
}

/** Short values (counts, names, states) never wrap; long text (images, messages) may. */
export function cellStyle(value: unknown): React.CSSProperties {
  return typeof value === 'string' && value.length > 40
    ? { wordBreak: 'break-word' }
    : { whiteSpace: 'nowrap' };
}

/** A small table of rows; `empty`, when given, replaces a table without rows. */
export function DataTable(props: {
  label: string;
  head: string[];
  rows: (string | number | JSX.Element | undefined)[][];
  empty?: string;
}) {
  if (props.empty !== undefined && props.rows.length === 0)
    return <Typography variant="body2">{props.empty}</Typography>;
  return (
    <div style={{ overflowX: 'auto' }}>
      <Table size="small" aria-label={props.label}>
        <TableHead>
          <TableRow>
            {props.head.map(h => (
              <TableCell key={h} style={{ whiteSpace: 'nowrap' }}>
                {h}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {props.rows.map((r, i) => (
            <TableRow key={i}>
              {r.map((c, j) => (
                <TableCell key={j} style={cellStyle(c)}>
                  {c ?? '—'}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
