import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { CostBreakdown } from '@runway/plugin-aws-cost-common';
import { BreakdownTable } from './BreakdownTable';

const breakdown = (warnings?: string[]): CostBreakdown => ({
  status: {
    currency: 'USD',
    sample: false,
    lastDay: '2026-11-10',
    lastSyncAt: null,
    sources: [],
  },
  dimension: 'service',
  granularity: 'monthly',
  from: '2026-11-01',
  to: '2026-11-10',
  filter: {},
  periods: ['2026-11'],
  rows: [
    {
      key: 'checkout-api',
      label: 'checkout-api (conflicting claims)',
      total: 5_000_000,
      change: {
        current: 5_000_000,
        previous: 0,
        delta: 5_000_000,
        ratio: null,
      },
      series: [{ period: '2026-11', micros: 5_000_000 }],
    },
  ],
  total: 5_000_000,
  ...(warnings ? { warnings } : {}),
});

describe('BreakdownTable', () => {
  it("shows the answer's warnings above the table", async () => {
    const warning =
      "Service tag 'checkout-api' is claimed by component:default/checkout-api, component:default/checkout-api-v2";
    await renderInTestApp(
      <BreakdownTable
        breakdown={{ loading: false, value: breakdown([warning]) }}
        dimension="service"
        currency="USD"
        onDrill={() => {}}
      />,
    );
    expect(screen.getByTestId('breakdown-warnings')).toHaveTextContent(
      'Some spend could not be attributed',
    );
    expect(screen.getByText(warning)).toBeInTheDocument();
    expect(
      screen.getByText('checkout-api (conflicting claims)'),
    ).toBeInTheDocument();
  });

  it('shows no warning panel without warnings', async () => {
    await renderInTestApp(
      <BreakdownTable
        breakdown={{ loading: false, value: breakdown() }}
        dimension="service"
        currency="USD"
        onDrill={() => {}}
      />,
    );
    expect(screen.queryByTestId('breakdown-warnings')).toBeNull();
    expect(
      screen.getByText('checkout-api (conflicting claims)'),
    ).toBeInTheDocument();
  });
});
