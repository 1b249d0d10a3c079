import { Chip, makeStyles, Tooltip } from '@material-ui/core';
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
