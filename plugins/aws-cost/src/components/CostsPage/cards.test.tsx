import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { CostAnomaly } from '@runway/plugin-aws-cost-common';
import { fakeApi } from '../fakeApi';
import { AnomaliesCard } from './AnomaliesCard';
import { BudgetsCard } from './BudgetsCard';
import { TopMoversCard } from './TopMoversCard';

const loaded = <T,>(value: T) => ({ loading: false as const, value });

describe('Costs page cards', () => {
  it('BudgetsCard shows actual and forecast against each budget', async () => {
    const budgets = await fakeApi().api.getBudgets();
    await renderInTestApp(
      <BudgetsCard
        currency="USD"
        budgets={loaded({
          ...budgets,
          budgets: [
            ...budgets.budgets,
            {
              ...budgets.budgets[0],
              entityRef: 'group:default/team-checkout',
              label: 'team-checkout',
              actual: 10_000_000_000,
              state: 'over',
            },
          ],
        })}
      />,
    );
    expect(
      screen.getByTestId('budget-group:default/team-payments'),
    ).toHaveTextContent(
      '$6,000.00 of $9,000.00 · forecast $9,500.00 · forecast over budget',
    );
    expect(
      screen.getByTestId('budget-group:default/team-checkout'),
    ).toHaveTextContent(
      '$10,000.00 of $9,000.00 · forecast $9,500.00 · over budget',
    );
    expect(screen.getByRole('link', { name: 'team-payments' })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-payments',
    );
  });

  it('AnomaliesCard sizes each anomaly and names its source and drivers', async () => {
    const anomalies = await fakeApi().api.getAnomalies();
    const unallocated: CostAnomaly = {
      ...anomalies.anomalies[0],
      id: 'b',
      source: 'cost-explorer',
      label: 'Untagged EU-NatGateway-Bytes',
      entityRef: undefined,
      ratio: null,
      causes: [],
    };
    await renderInTestApp(
      <AnomaliesCard
        currency="USD"
        anomalies={loaded({
          ...anomalies,
          anomalies: [...anomalies.anomalies, unallocated],
        })}
      />,
    );
    const [detected, fromAws] = screen.getAllByTestId('anomaly');
    expect(detected).toHaveTextContent('billing-worker · ×2.0');
    expect(detected).toHaveTextContent(
      '$2,000.00 since 2026-11-01 (expected $1,000.00, +$1,000.00)',
    );
    expect(detected).toHaveTextContent('Driven by: Amazon MQ / EU-mq.m5.large');
    expect(fromAws).toHaveTextContent(
      'Untagged EU-NatGateway-Bytes · new spend',
    );
    expect(fromAws).toHaveTextContent('· AWS Cost Anomaly Detection');
    expect(fromAws).not.toHaveTextContent('Driven by');
  });

  it('TopMoversCard shows each change with its sign', async () => {
    const movers = await fakeApi().api.getMovers({ dimension: 'service' });
    await renderInTestApp(
      <TopMoversCard currency="USD" movers={loaded(movers)} />,
    );
    expect(screen.getByText('billing-worker')).toBeInTheDocument();
    expect(screen.getByText(/\+\$1,000\.00/)).toHaveTextContent(
      '+$1,000.00 (+100.0 %)',
    );
  });
});
