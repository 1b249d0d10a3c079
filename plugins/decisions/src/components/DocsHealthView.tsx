import { Suspense } from 'react';
import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { decisionsApiRef } from '../api';

/** Per owner: runbooks older than the limit, and services without a runbook. */
export const DocsHealthView = () => {
  const api = useApi(decisionsApiRef);
  const { value, loading, error } = useAsync(() => api.docsHealth(), [api]);
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { owners, maxAgeDays } = value!;
  if (owners.length === 0) {
    return <Typography>No entity with TechDocs is visible to you.</Typography>;
  }
  return (
    <Suspense fallback={<Progress />}>
      <Grid container spacing={2}>
        <Grid item xs={12}>
          <Typography variant="body2" color="textSecondary">
            Runbooks unchanged in git for more than {maxAgeDays} days are stale.
          </Typography>
        </Grid>
        {owners.map(o => (
          <Grid item xs={12} md={6} key={o.owner}>
            <InfoCard
              title={<EntityRefLink entityRef={o.owner} />}
              subheader={`${o.fresh} fresh, ${o.stale.length} stale, ${o.missing.length} without a runbook`}
            >
              {o.stale.length === 0 && o.missing.length === 0 ? (
                <Typography variant="body2">
                  Every runbook is up to date.
                </Typography>
              ) : (
                <List dense>
                  {o.stale.map(s => (
                    <ListItem key={s.entityRef}>
                      <ListItemText
                        primary={
                          <>
                            <EntityRefLink entityRef={s.entityRef} />:{' '}
                            {s.docsPath ? (
                              <Link to={s.docsPath}>runbook</Link>
                            ) : (
                              'runbook'
                            )}{' '}
                            last changed {s.ageDays} days ago
                          </>
                        }
                        secondary={s.lastChanged?.slice(0, 10)}
                      />
                    </ListItem>
                  ))}
                  {o.missing.map(m => (
                    <ListItem key={m.entityRef}>
                      <ListItemText
                        primary={
                          <>
                            <EntityRefLink entityRef={m.entityRef} />: no
                            runbook
                          </>
                        }
                        secondary="docs/runbook.md is missing"
                      />
                    </ListItem>
                  ))}
                </List>
              )}
            </InfoCard>
          </Grid>
        ))}
      </Grid>
    </Suspense>
  );
};
