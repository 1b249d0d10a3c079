import { useMemo, useState } from 'react';
import {
  Content,
  EmptyState,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Box,
  Chip,
  FormControl,
  Grid,
  InputLabel,
  MenuItem,
  Select,
  Tab,
  Tabs,
  TextField,
  Typography,
} from '@material-ui/core';
import {
  ADR_STATUSES,
  AdrFilter,
  filterAdrs,
} from '@runway/plugin-decisions-common';
import useAsync from 'react-use/esm/useAsync';
import { decisionsApiRef } from '../api';
import { AdrTable } from './AdrTable';
import { DocsHealthView } from './DocsHealthView';

/** `group:default/team-checkout` -> `team-checkout` */
const owned = (ref: string) =>
  ref.replace(/^group:/, '').replace(/^default\//, '');

const MultiSelect = (props: {
  id: string;
  label: string;
  options: string[];
  value: string[];
  onChange: (value: string[]) => void;
  format?: (v: string) => string;
}) => (
  <FormControl fullWidth variant="outlined" size="small">
    <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
    <Select
      labelId={`${props.id}-label`}
      id={props.id}
      multiple
      label={props.label}
      value={props.value}
      onChange={e => props.onChange(e.target.value as string[])}
      renderValue={selected => (
        <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
          {(selected as string[]).map(v => (
            <Chip key={v} size="small" label={props.format?.(v) ?? v} />
          ))}
        </Box>
      )}
    >
      {props.options.map(o => (
        <MenuItem key={o} value={o}>
          {props.format?.(o) ?? o}
        </MenuItem>
      ))}
    </Select>
  </FormControl>
);

/** A text or date filter; an empty field clears it. */
const TextFilter = (props: {
  id: string;
  label: string;
  type?: 'date';
  value?: string;
  onChange: (value: string | undefined) => void;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    type={props.type}
    size="small"
    variant="outlined"
    fullWidth
    InputLabelProps={props.type === 'date' ? { shrink: true } : undefined}
    value={props.value ?? ''}
    onChange={e => props.onChange(e.target.value || undefined)}
  />
);

/** The date range and text filters, in the order they show. */
const TEXT_FILTERS: {
  key: 'from' | 'to' | 'text';
  label: string;
  type?: 'date';
  xs: 6 | 12;
}[] = [
  { key: 'from', label: 'Decided from', type: 'date', xs: 6 },
  { key: 'to', label: 'Decided until', type: 'date', xs: 6 },
  { key: 'text', label: 'Title or service', xs: 12 },
];

const DecisionsList = () => {
  const api = useApi(decisionsApiRef);
  const { value, loading, error } = useAsync(() => api.listAdrs(), [api]);
  const [filter, setFilter] = useState<AdrFilter>({});
  /** A setter for one filter field. */
  const set =
    <K extends keyof AdrFilter>(key: K) =>
    (next: AdrFilter[K]) =>
      setFilter(current => ({ ...current, [key]: next }));
  const adrs = useMemo(() => value?.items ?? [], [value]);
  const shown = useMemo(() => filterAdrs(adrs, filter), [adrs, filter]);
  const statuses = useMemo(
    () => [...new Set([...ADR_STATUSES, ...adrs.map(a => a.status)])],
    [adrs],
  );
  const owners = useMemo(
    () => [...new Set(adrs.map(a => a.owner))].sort(),
    [adrs],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <Grid container spacing={2}>
      {(
        [
          { key: 'status', label: 'Status', options: statuses },
          { key: 'owner', label: 'Owner', options: owners, format: owned },
        ] as const
      ).map(f => (
        <Grid item xs={12} md={3} key={f.key}>
          <MultiSelect
            id={`decisions-${f.key}`}
            label={f.label}
            options={f.options}
            value={filter[f.key] ?? []}
            onChange={set(f.key)}
            format={'format' in f ? f.format : undefined}
          />
        </Grid>
      ))}
      {TEXT_FILTERS.map(f => (
        <Grid item xs={f.xs} md={2} key={f.key}>
          <TextFilter
            id={`decisions-${f.key}`}
            label={f.label}
            type={f.type}
            value={filter[f.key]}
            onChange={set(f.key)}
          />
        </Grid>
      ))}
      {value!.errors.length > 0 && (
        <Grid item xs={12}>
          <Typography color="error" variant="body2">
            Could not read the decisions of{' '}
            {value!.errors.map(e => `${e.entityRef} (${e.message})`).join(', ')}
          </Typography>
        </Grid>
      )}
      <Grid item xs={12}>
        {adrs.length === 0 ? (
          <EmptyState
            missing="content"
            title="No decisions yet"
            description="Services record decisions as MADR files in docs/adr and name the folder with the backstage.io/adr-location annotation."
          />
        ) : (
          <AdrTable
            title={`Decisions (${shown.length} of ${adrs.length})`}
            adrs={shown}
            showEntity
          />
        )}
        {value!.refreshedAt && (
          <Typography variant="caption" color="textSecondary">
            Read from the services' docs at{' '}
            {new Date(value!.refreshedAt).toLocaleString()}
          </Typography>
        )}
      </Grid>
    </Grid>
  );
};

/** Every ADR in the organisation, and the docs health view. */
export const DecisionsPage = () => {
  const [tab, setTab] = useState(0);
  return (
    <Content>
      <Tabs value={tab} onChange={(_, t) => setTab(t)} indicatorColor="primary">
        <Tab label="Decisions" />
        <Tab label="Docs health" />
      </Tabs>
      <Box mt={2}>{tab === 0 ? <DecisionsList /> : <DocsHealthView />}</Box>
    </Content>
  );
};
