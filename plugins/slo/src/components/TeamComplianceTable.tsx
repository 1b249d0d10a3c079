import { useState } from 'react';
import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormControl,
  InputLabel,
  MenuItem,
  Select,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { sloApiRef } from '../api';
import { ownerName, percent } from '../utils/format';
import { SampleDataChip } from './common';

/** Calendar-month compliance of every SLO a team owns (for managers). */
export function TeamComplianceTable(props: {
  teams: string[];
  sampleData?: boolean;
}) {
  const api = useApi(sloApiRef);
  const [team, setTeam] = useState(props.teams[0]);
  const { value, loading, error } = useAsync(
    () => api.getTeamCompliance(team, 6),
    [team],
  );
  return (
    <InfoCard
      title="Team compliance by calendar month"
      subheader="SLI per month (UTC) against the SLO's target; the last month is the month so far"
      action={<SampleDataChip sampleData={props.sampleData} />}
    >
      <FormControl
        variant="outlined"
        size="small"
        style={{ minWidth: 220, marginBottom: 16 }}
      >
        <InputLabel id="slo-team-label">Team</InputLabel>
        <Select
          labelId="slo-team-label"
          id="slo-team"
          label="Team"
          value={team}
          onChange={e => setTeam(e.target.value as string)}
        >
          {props.teams.map(t => (
            <MenuItem key={t} value={t}>
              {ownerName(t)}
            </MenuItem>
          ))}
        </Select>
      </FormControl>
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && value.rows.length === 0 && (
        <Typography color="textSecondary">This team owns no SLOs.</Typography>
      )}
      {value && value.rows.length > 0 && (
        <Table size="small" aria-label="team compliance">
          <TableHead>
            <TableRow>
              <TableCell>SLO</TableCell>
              <TableCell>Target</TableCell>
              {value.months.map(m => (
                <TableCell key={m} align="right">
                  {m}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {value.rows.map(row => (
              <TableRow key={`${row.entityRef}/${row.slo}`}>
                <TableCell>{row.slo}</TableCell>
                <TableCell>{percent(row.objective)}</TableCell>
                {row.months.map(m => (
                  <TableCell key={m.month} align="right">
                    {m.sli === undefined ? (
                      <Typography variant="body2" color="textSecondary">
                        no data
                      </Typography>
                    ) : (
                      <Typography
                        variant="body2"
                        style={{ fontWeight: m.met ? 400 : 700 }}
                        color={m.met ? 'textPrimary' : 'error'}
                      >
                        {m.met ? '✓' : '✗'} {percent(m.sli, 3)}
                      </Typography>
                    )}
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {value && value.errors.length > 0 && (
        <Typography variant="body2" color="error">
          {value.errors.map(e => `${e.source}: ${e.message}`).join('; ')}
        </Typography>
      )}
    </InfoCard>
  );
}
