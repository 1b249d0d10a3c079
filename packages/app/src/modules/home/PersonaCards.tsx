import { Link } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Card from '@material-ui/core/Card';
import CardContent from '@material-ui/core/CardContent';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { entryState, PERSONA_ENTRIES, PersonaEntry } from './personas';

function EntryBody({ entry }: { entry: PersonaEntry }) {
  const comingSoon = entryState(entry) === 'coming-soon';
  return (
    <CardContent style={comingSoon ? { opacity: 0.7 } : undefined}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="overline" color="textSecondary">
          {entry.persona}
        </Typography>
        {comingSoon && <Chip size="small" label="Coming soon" />}
      </Box>
      <Typography
        variant="h6"
        component="h3"
        color={comingSoon ? 'textPrimary' : 'primary'}
      >
        {entry.title}
        {!comingSoon && ' \u2192'}
      </Typography>
      <Typography variant="body2" color="textSecondary">
        {entry.description}
      </Typography>
    </CardContent>
  );
}

/** One card per persona; pages that have not shipped are not links. */
export function PersonaCards() {
  return (
    <Grid container spacing={2}>
      {PERSONA_ENTRIES.map(entry => (
        // one row on wide screens, however many entries there are
        <Grid item xs={12} sm={6} md key={entry.id}>
          <Card
            variant="outlined"
            style={{ height: '100%' }}
            data-testid={`persona-${entry.id}`}
            aria-disabled={entryState(entry) === 'coming-soon'}
          >
            {entry.path ? (
              <Link
                to={entry.path}
                underline="none"
                color="inherit"
                style={{ display: 'block', height: '100%' }}
              >
                <EntryBody entry={entry} />
              </Link>
            ) : (
              <EntryBody entry={entry} />
            )}
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
