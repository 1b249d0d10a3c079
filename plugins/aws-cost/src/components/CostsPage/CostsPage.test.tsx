import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ResponseError } from '@backstage/errors';
import { awsCostApiRef } from '../../api';
import { CostsPage } from './CostsPage';
import { fakeApi } from '../fakeApi';

jest.setTimeout(30_000);

describe('CostsPage', () => {
  beforeAll(() => {
    // jsdom has no object URLs
    (URL as any).createObjectURL = jest.fn(() => 'blob:csv');
    (URL as any).revokeObjectURL = jest.fn();
  });

  it('shows KPI tiles with currency, data age and "sample data"', async () => {
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('kpi-mtd')).toHaveTextContent(
      '$12,345.67',
    );
    expect(screen.getByTestId('kpi-mtd')).toHaveTextContent('+12.2 %');
    expect(screen.getByTestId('kpi-last-month')).toHaveTextContent(
      '$14,000.00',
    );
    expect(screen.getByTestId('kpi-forecast')).toHaveTextContent('$14,900.00');
    expect(screen.getByTestId('kpi-unallocated')).toHaveTextContent(
      '$1,234.56',
    );
    expect(screen.getByTestId('kpi-unallocated')).toHaveTextContent(
      '2 open anomalies',
    );
    expect(screen.getAllByTestId('sample-data').length).toBeGreaterThan(0);
    expect(screen.getByText(/Amounts in USD/)).toHaveTextContent(
      'data up to 2026-11-26',
    );
    expect(await screen.findAllByTestId('anomaly')).toHaveLength(1);
    expect(screen.getByText(/Driven by: Amazon MQ/)).toBeInTheDocument();
    expect(screen.getByText(/forecast over budget/)).toBeInTheDocument();
  });

  it('asks for the breakdown at once, beside the summary', async () => {
    const { api, breakdownCalls } = fakeApi();
    let answerSummary = () => {};
    const summaryAnswered = new Promise<void>(resolve => {
      answerSummary = resolve;
    });
    const getSummary = api.getSummary;
    api.getSummary = async () => {
      await summaryAnswered;
      return getSummary();
    };
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    await waitFor(() => expect(breakdownCalls).toHaveLength(1));
    expect(screen.queryByTestId('kpi-mtd')).not.toBeInTheDocument();
    answerSummary();
    await waitFor(() =>
      expect(screen.getByTestId('kpi-mtd')).toBeInTheDocument(),
    );
    await waitFor(() =>
      expect(screen.getAllByTestId('drill-team-payments').length).toBe(1),
    );
    expect(breakdownCalls).toHaveLength(1);
  });

  it('drills down team -> service -> AWS service and downloads the CSV for the selection', async () => {
    const { api, breakdownCalls, exports } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    fireEvent.click(await screen.findByTestId('drill-team-payments'));
    fireEvent.click(await screen.findByTestId('drill-billing-worker'));
    await screen.findByText('Amazon MQ', { selector: 'span' });
    expect(breakdownCalls.map(c => [c.dimension, c.filter])).toEqual([
      ['team', {}],
      ['service', { team: 'team-payments' }],
      ['awsService', { team: 'team-payments', service: 'billing-worker' }],
    ]);
    // the page asks for the last 6 months by name: the backend ends them
    // on its last day with data, so no summary is needed first
    expect(breakdownCalls[0]).toEqual({
      preset: '6m',
      granularity: 'monthly',
      dimension: 'team',
      filter: {},
    });

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(exports).toHaveLength(1));
    expect(exports[0]).toMatchObject({
      from: '2026-06-01',
      to: '2026-11-26',
      filter: { team: 'team-payments', service: 'billing-worker' },
    });

    // back to the top through the breadcrumbs
    fireEvent.click(screen.getByRole('button', { name: 'All teams' }));
    await screen.findByTestId('drill-team-checkout');
  });

  it('switches to daily granularity', async () => {
    const { api, breakdownCalls } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    await screen.findByTestId('drill-team-payments');
    fireEvent.click(screen.getByRole('button', { name: 'Daily' }));
    await waitFor(() =>
      expect(breakdownCalls.at(-1)?.granularity).toBe('daily'),
    );
  });

  it('a date range sets its days and the granularity it implies', async () => {
    const { api, breakdownCalls, exports } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    await screen.findByTestId('drill-team-payments');
    fireEvent.mouseDown(screen.getByRole('button', { name: /Last 6 months/ }));
    fireEvent.click(
      await screen.findByRole('option', { name: 'Last 30 days' }),
    );
    await waitFor(() =>
      expect(breakdownCalls.at(-1)).toMatchObject({
        preset: '30d',
        granularity: 'daily',
        dimension: 'team',
      }),
    );
    expect(
      screen.getByText(
        '2026-10-28 to 2026-11-26, daily, USD; dashed: forecast to month end (linear)',
      ),
    ).toBeInTheDocument();

    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() => expect(exports).toHaveLength(1));
    expect(exports[0]).toEqual({
      from: '2026-10-28',
      to: '2026-11-26',
      filter: {},
    });
  });

  it('shows untagged spend by AWS service from the unallocated card', async () => {
    const { api, breakdownCalls } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    await screen.findByTestId('drill-team-payments');
    fireEvent.click(
      screen.getByRole('button', { name: 'Untagged spend by AWS service' }),
    );
    await waitFor(() =>
      expect(breakdownCalls.at(-1)).toMatchObject({
        dimension: 'awsService',
        filter: { service: '(unallocated)' },
      }),
    );
    expect(
      await screen.findByText('Cost by AWS service · Untagged'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'All services' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Untagged' })).toBeVisible();
  });

  it('shows the backend error instead of numbers', async () => {
    const { api } = fakeApi({
      getSummary: async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotAllowedError',
                message: 'Not allowed: aws-cost.report.read',
              },
            }),
            {
              status: 403,
              statusText: 'Forbidden',
              headers: { 'Content-Type': 'application/json' },
            },
          ) as any,
        );
      },
    });
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    expect(
      (await screen.findAllByText(/Not allowed: aws-cost.report.read/)).length,
    ).toBeGreaterThan(0);
  });

  it('says so when the store is empty', async () => {
    const { api } = fakeApi();
    const empty = await api.getSummary();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getSummary: async () => ({
                ...empty,
                status: { ...empty.status, lastDay: null },
              }),
            },
          ],
        ]}
      >
        <CostsPage />
      </TestApiProvider>,
    );
    expect(await screen.findByText('No cost data yet')).toBeInTheDocument();
  });

  it('says which rows the imports left out', async () => {
    const { api } = fakeApi();
    const summary = await api.getSummary();
    const notice =
      'focus.csv: 5 rows of provider Microsoft not imported (Runway reports AWS spend only), cost 3.043333 USD';
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getSummary: async () => ({
                ...summary,
                status: {
                  ...summary.status,
                  sources: [
                    {
                      source: 'focus',
                      type: 'focus' as const,
                      sample: false,
                      lastSuccessAt: '2026-11-27T06:00:00.000Z',
                      lastAttemptAt: '2026-11-27T06:00:00.000Z',
                      lastError: null,
                      notices: [notice],
                      refusedRows: 0,
                      lastDay: '2026-11-26',
                      callsToday: 0,
                    },
                  ],
                },
              }),
            },
          ],
        ]}
      >
        <CostsPage />
      </TestApiProvider>,
    );
    expect(await screen.findByTestId('cost-notices')).toHaveTextContent(
      `Not included: ${notice}`,
    );
  });

  it('gives each card its own empty and error state', async () => {
    const { api } = fakeApi();
    const movers = await api.getMovers({ dimension: 'service' });
    const failure = async () => {
      throw new Error('anomaly detection failed: timeout');
    };
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getBudgets: async () => ({
                ...(await api.getBudgets()),
                budgets: [],
              }),
              getMovers: async () => ({ ...movers, movers: [] }),
              getAnomalies: failure,
            },
          ],
        ]}
      >
        <CostsPage />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('No budgets configured (awsCost.budgets).'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('No change against the same days before.'),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/anomaly detection failed: timeout/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('anomaly')).not.toBeInTheDocument();
    // the rest of the page still shows its numbers
    expect(screen.getByTestId('kpi-mtd')).toHaveTextContent('$12,345.67');
  });
});
