import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { CostIncomplete } from '@runway/plugin-aws-cost-common';
import { awsCostApiRef } from '../api';
import { CostsPage } from './CostsPage';
import { EntityCostCard } from './EntityCostCard';
import { fakeApi } from './fakeApi';

jest.setTimeout(30_000);

const NOVEMBER: CostIncomplete = {
  groups: [
    {
      source: 'focus',
      file: 'focus.csv',
      billingPeriod: '2026-11',
      accountId: '123456789012',
      rows: 60,
      refusedRows: 41,
      refusedCost: [{ currency: 'USD', micros: 3_210_000_000 }],
      refusedWithoutCost: 0,
      notIncludedCost: [{ currency: 'USD', micros: 3_210_000_000 }],
    },
  ],
  refusedRows: 41,
  refusedCost: [{ currency: 'USD', micros: 3_210_000_000 }],
  notIncludedCost: [{ currency: 'USD', micros: 3_210_000_000 }],
  forecast: true,
};

const TEXT =
  'Incomplete: 2026-11 account 123456789012 — 41 refused rows, $3,210.00 not included';

describe('incomplete warnings', () => {
  beforeAll(() => {
    // jsdom has no object URLs
    (URL as any).createObjectURL = jest.fn(() => 'blob:refused');
    (URL as any).revokeObjectURL = jest.fn();
  });

  it('marks every card whose answer is incomplete, its forecast, and downloads the refused rows', async () => {
    const fake = fakeApi();
    const { api } = fake;
    const summary = await api.getSummary();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getSummary: async () => ({ ...summary, incomplete: NOVEMBER }),
              getBreakdown: async (o: any) => ({
                ...(await api.getBreakdown(o)),
                incomplete: NOVEMBER,
              }),
              getBudgets: async () => ({
                ...(await api.getBudgets()),
                incomplete: NOVEMBER,
              }),
            },
          ],
        ]}
      >
        <CostsPage />
      </TestApiProvider>,
    );
    // in full at the top; one line with the months on every card
    expect(await screen.findByTestId('summary-incomplete')).toHaveTextContent(
      TEXT,
    );
    const cards = [
      'trend-incomplete',
      'breakdown-incomplete',
      'budgets-incomplete',
      'unallocated-incomplete',
    ];
    for (const id of cards) {
      expect(await screen.findByTestId(id)).toHaveTextContent(
        'Incomplete: 2026-11, 41 refused rows not imported',
      );
    }
    const warnings = ['summary-incomplete', ...cards];
    // the movers and anomalies answers are complete
    expect(screen.queryByTestId('movers-incomplete')).toBeNull();
    expect(screen.queryByTestId('anomalies-incomplete')).toBeNull();
    expect(screen.getByTestId('kpi-forecast')).toHaveTextContent(
      'Based on incomplete data',
    );
    expect(
      await screen.findByTestId('trend-forecast-incomplete'),
    ).toHaveTextContent('Based on incomplete data');

    const links = screen.getAllByTestId('refused-rows-focus');
    expect(links).toHaveLength(warnings.length);
    expect(links[0]).toHaveTextContent('Download the list of refused rows');
    fireEvent.click(links[0]);
    await waitFor(() =>
      expect(fake.refusedDownloads).toEqual([{ source: 'focus' }]),
    );
    expect(URL.createObjectURL).toHaveBeenCalled();
  });

  it('shows nothing when the answers are complete', async () => {
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider apis={[[awsCostApiRef, api]]}>
        <CostsPage />
      </TestApiProvider>,
    );
    await screen.findByTestId('kpi-forecast');
    expect(screen.queryByText(/Incomplete:/)).toBeNull();
    expect(screen.getByTestId('kpi-forecast')).not.toHaveTextContent(
      'incomplete',
    );
  });

  it("gives an entity's owner the month, without accounts, amounts or a download", async () => {
    const { api } = fakeApi();
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [
            awsCostApiRef,
            {
              ...api,
              getEntityCost: async (ref: string) => ({
                ...(await api.getEntityCost(ref)),
                incomplete: {
                  groups: [
                    {
                      ...NOVEMBER.groups[0],
                      source: '',
                      file: '',
                      accountId: '',
                      refusedCost: [],
                      notIncludedCost: [],
                    },
                  ],
                  refusedRows: 41,
                  refusedCost: [],
                  notIncludedCost: [],
                  forecast: true,
                  limited: true,
                },
              }),
            },
          ],
        ]}
      >
        <EntityProvider
          entity={{
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Component',
            metadata: { name: 'billing-worker', namespace: 'default' },
          }}
        >
          <EntityCostCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    const warning = await screen.findByTestId('entity-incomplete');
    expect(warning).toHaveTextContent(
      'Incomplete: 2026-11 — 41 refused rows not imported',
    );
    expect(warning).not.toHaveTextContent('$');
    expect(screen.queryByText(/Download the list/)).toBeNull();
    expect(screen.getByTestId('entity-forecast')).toHaveTextContent(
      'Based on incomplete data',
    );
  });
});
