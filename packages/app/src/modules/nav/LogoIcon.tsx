import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: { width: 'auto', height: 28 },
});

/** Runway's mark: a runway strip seen from above. */
export const LogoIcon = () => {
  const classes = useStyles();
  return (
    <svg
      className={classes.svg}
      xmlns="http://www.w3.org/2000/svg"
      viewBox="0 0 32 32"
      role="img"
      aria-label="Runway"
    >
      <path d="M11 2h10l7 28H4z" fill="#7df3e1" />
      <path
        d="M16 6v3M16 12v3M16 18v3M16 24v3"
        stroke="#151515"
        strokeWidth="2"
        strokeLinecap="round"
      />
    </svg>
  );
};
