import { useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Link,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
  WarningPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import {
  Box,
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Typography,
} from '@material-ui/core';
import { SloSummary } from '@runway/plugin-slo-common';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../api';
import {
  budgetPercent,
  burnRateText,
  byRemainingBudget,
  dataAge,
  distinct,
  filterSlos,
  ownerName,
  percent,
  windowText,
} from '../utils/format';
import { SampleDataChip, SloStatusLabel } from './common';
import { TeamComplianceTable } from './TeamComplianceTable';

function entityPath(entityRef: string): string {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}/slos`;
}

function FilterSelect(props: {
  id: string;
  label: string;
  value: string;
  options: string[];
  format?: (v: string) => string;
  onChange: (v: string) => void;
}) {
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 200 }}>
      <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(e.target.value as string)}
      >
        <MenuItem value="">All</MenuItem>
        {props.options.map(o => (
          <MenuItem key={o} value={o}>
            {props.format?.(o) ?? o}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

const nowrap = { whiteSpace: 'nowrap' as const };

const columns: TableColumn<SloSummary>[] = [
  {
    title: 'SLO',
    field: 'name',
    render: s => (
      <>
        <Link
          to={entityPath(s.entityRef)}
          data-testid={`slo-link-${s.name}`}
          style={nowrap}
        >
          {s.name}
        </Link>
        <Typography variant="caption" component="div" color="textSecondary">
          <EntityRefLink entityRef={s.entityRef} defaultKind="component" />
        </Typography>
      </>
    ),
  },
  { title: 'Owner', field: 'owner', render: s => ownerName(s.owner) },
  { title: 'Tier', field: 'tier', render: s => s.tier ?? '–' },
  {
    title: 'Target',
    field: 'objective',
    render: s => (
      <span style={nowrap}>
        {percent(s.objective)} · {windowText(s.window)}
      </span>
    ),
  },
  {
    title: 'SLI',
    field: 'sli',
    render: s => <span style={nowrap}>{percent(s.sli, 3)}</span>,
  },
  {
    title: 'Budget left',
    field: 'remaining',
    defaultSort: 'asc',
    customSort: (a, b) => (a.remaining ?? Infinity) - (b.remaining ?? Infinity),
    render: s => <b style={nowrap}>{budgetPercent(s.remaining)}</b>,
  },
  {
    title: 'Burn rate (1 h)',
    field: 'burnRate',
    render: s => burnRateText(s.burnRate),
  },
  {
    title: 'Status',
    field: 'status',
    render: s => (
      <span style={nowrap}>
        <SloStatusLabel status={s.status} />
      </span>
    ),
  },
  {
    title: 'Data',
    field: 'evaluatedAt',
    render: s => <span style={nowrap}>{dataAge(s.evaluatedAt)}</span>,
  },
];

/** Every SLO in the catalog, lowest remaining budget first, and team compliance. */
export function SloOverviewPage() {
  const api = useApi(sloApiRef);
  const config = useAsync(() => api.getConfig(), [api]);
  const { value, loading, error } = useAsync(() => api.listSlos(), [api]);
  const [owner, setOwner] = useState('');
  const [tier, setTier] = useState('');
  const items = useMemo(
    () => byRemainingBudget(filterSlos(value?.items ?? [], { owner, tier })),
    [value, owner, tier],
  );
  // teams in order of their most urgent SLO
  const owners = [
    ...new Set(
      byRemainingBudget(value?.items ?? [])
        .map(s => s.owner)
        .filter((o): o is string => Boolean(o)),
    ),
  ];

  return (
    <Content>
      <Box display="flex" alignItems="center" mb={2} style={{ gap: 16 }}>
        <Typography variant="body1">
          Every SLO in the catalog, the most urgent (least error budget left)
          first.
        </Typography>
        <SampleDataChip sampleData={config.value?.sampleData} />
      </Box>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={3}>
          {value.errors.length > 0 && (
            <Grid item xs={12}>
              <WarningPanel title="Some figures are missing">
                {value.errors.map(e => (
                  <Typography key={`${e.source}:${e.message}`} variant="body2">
                    {e.source}: {e.message}
                  </Typography>
                ))}
              </WarningPanel>
            </Grid>
          )}
          <Grid item xs={12}>
            <Box display="flex" style={{ gap: 16 }}>
              <FilterSelect
                id="slo-owner-filter"
                label="Owner"
                value={owner}
                options={owners}
                format={ownerName}
                onChange={setOwner}
              />
              <FilterSelect
                id="slo-tier-filter"
                label="Tier"
                value={tier}
                options={distinct((value.items ?? []).map(s => s.tier))}
                format={t => `Tier ${t}`}
                onChange={setTier}
              />
            </Box>
          </Grid>
          <Grid item xs={12}>
            {value.items.length === 0 ? (
              <EmptyState
                missing="data"
                title="No SLOs yet"
                description="Components declare SLOs with the runway.io/slo-ref annotation (OpenSLO or Sloth)."
              />
            ) : (
              <Table<SloSummary>
                title={`SLOs (${items.length})`}
                options={{ paging: false, search: true, padding: 'dense' }}
                columns={columns}
                data={items}
                emptyContent={
                  <Box p={2}>
                    <Typography>No SLO matches these filters.</Typography>
                  </Box>
                }
              />
            )}
          </Grid>
          {owners.length > 0 && (
            <Grid item xs={12}>
              <TeamComplianceTable
                teams={owners}
                sampleData={config.value?.sampleData}
              />
            </Grid>
          )}
        </Grid>
      )}
    </Content>
  );
}
