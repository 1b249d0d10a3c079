import useAsync from 'react-use/esm/useAsync';
import {
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Typography } from '@material-ui/core';
import { CostPoint, formatMoney } from '@runway/plugin-aws-cost-common';
import { awsCostApiRef } from '../api';
import { UnitCostRow, unitCostRows } from '../utils/unitCost';

/** An amount per 1,000 requests: cents where they matter, more below one unit. */
function formatUnit(micros: number, currency: string): string {
  const value = micros / 1_000_000;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency,
    maximumFractionDigits: Math.abs(value) < 1 ? 4 : 2,
  }).format(value);
}

/**
 * Cost per 1,000 requests per month: the entity's monthly cost divided by
 * the requests its SLOs counted (a Group: its Components' together), with
 * the counters named, and a state for every way it can be missing.
 */
export function UnitCostSection(props: {
  entityRef: string;
  series: CostPoint[];
  currency: string;
  /** The last day with cost data. */
  to: string;
}) {
  const { entityRef, series, currency, to } = props;
  const api = useApi(awsCostApiRef);
  const requests = useAsync(
    () => api.getRequests(entityRef, series.length || 6),
    [api, entityRef, series.length],
  );
  const heading = (
    <Typography variant="subtitle2">Cost per 1,000 requests</Typography>
  );
  if (requests.loading) return <Progress />;
  if (requests.error) {
    const status = (requests.error as ResponseError).response?.status;
    return (
      <div data-testid="entity-unit-cost">
        {heading}
        {status === 403 ? (
          <Typography variant="body2">
            Request counts come from the SLOs, which you may not read.
          </Typography>
        ) : (
          <ResponseErrorPanel error={requests.error} />
        )}
      </div>
    );
  }
  const answer = requests.value!;
  const rows = unitCostRows(series, answer.months);
  if (answer.counters.length === 0 || rows.length === 0) {
    return (
      <div data-testid="entity-unit-cost">
        {heading}
        <Typography variant="body2">
          {answer.counters.length === 0
            ? 'No SLO counts requests for this entity: a request-based SLO (runway.io/slo-ref) gives its cost per request.'
            : `No request counts for these months in ${answer.env}.`}
        </Typography>
        {answer.errors.map(e => (
          <Typography key={e.source} variant="caption" color="error">
            {e.source}: {e.message}
          </Typography>
        ))}
      </div>
    );
  }
  const columns: TableColumn<UnitCostRow & { id: string }>[] = [
    { title: 'Month', field: 'month' },
    {
      title: `Cost (${currency})`,
      field: 'micros',
      align: 'right',
      render: row => formatMoney(row.micros, currency),
    },
    {
      title: 'Requests',
      field: 'requests',
      align: 'right',
      render: row => Math.round(row.requests).toLocaleString('en-US'),
    },
    {
      title: 'Per 1,000 requests',
      field: 'perThousandMicros',
      align: 'right',
      render: row => formatUnit(row.perThousandMicros, currency),
    },
  ];
  const counted = answer.counters.map(c => c.slo).join(', ');
  return (
    <div data-testid="entity-unit-cost">
      <Table
        title="Cost per 1,000 requests"
        subtitle={`Requests in ${answer.env} as counted by ${counted}; cost of every environment. The current month is to date: cost up to ${to}, requests up to now.`}
        options={{ search: false, paging: false, padding: 'dense' }}
        columns={columns}
        data={rows.map(r => ({ ...r, id: r.month }))}
      />
    </div>
  );
}
