import { CostBudget } from '@runway/plugin-aws-cost-common';
import {
  allOfLabel,
  anomalyRatioText,
  budgetProgress,
  budgetStateText,
  dataAge,
  drillHint,
  entityPath,
  forecastSourceText,
  openAnomaliesText,
  shareText,
  trendSubheader,
  trendTitle,
} from './labels';

describe('labels', () => {
  it('links entity refs to their catalog pages', () => {
    expect(entityPath('component:default/billing-worker')).toBe(
      '/catalog/default/component/billing-worker',
    );
    expect(entityPath('group:platform/team-payments')).toBe(
      '/catalog/platform/group/team-payments',
    );
  });

  it('names the view and the drill-down trail', () => {
    expect(allOfLabel('team')).toBe('All teams');
    expect(allOfLabel('awsService')).toBe('All aws services');
    expect(trendTitle('team', [])).toBe('Cost by Team');
    expect(
      trendTitle('awsService', [
        { dimension: 'team', key: 'team-payments', label: 'team-payments' },
        {
          dimension: 'service',
          key: 'billing-worker',
          label: 'billing-worker',
        },
      ]),
    ).toBe('Cost by AWS service · team-payments › billing-worker');
    expect(drillHint('team')).toBe('Select a team to drill down');
    expect(drillHint('service')).toBe('Select a service to drill down');
    expect(drillHint('awsService')).toBeUndefined();
  });

  it('describes the trend range', () => {
    expect(
      trendSubheader(
        { from: '2026-06-01', to: '2026-11-26' },
        'monthly',
        'USD',
      ),
    ).toBe(
      '2026-06-01 to 2026-11-26, monthly, USD; dashed: forecast to month end (linear)',
    );
  });

  it('gives shares to one decimal and nothing without a total', () => {
    expect(shareText(5_000_000_000, 14_000_000_000)).toBe('35.7 %');
    expect(shareText(14_000_000_000, 14_000_000_000)).toBe('100.0 %');
    expect(shareText(1, 0)).toBe('');
    expect(shareText(1, undefined)).toBe('');
  });

  it('names the forecast source', () => {
    expect(forecastSourceText('cost-explorer')).toBe(
      'AWS Cost Explorer forecast',
    );
    expect(forecastSourceText('linear')).toBe('linear, last 7 days');
  });

  it('counts open anomalies and sizes each one', () => {
    expect(openAnomaliesText(0)).toBe('0 open anomalies');
    expect(openAnomaliesText(1)).toBe('1 open anomaly');
    expect(openAnomaliesText(2)).toBe('2 open anomalies');
    expect(anomalyRatioText(2)).toBe(' · ×2.0');
    expect(anomalyRatioText(1.26)).toBe(' · ×1.3');
    expect(anomalyRatioText(null)).toBe(' · new spend');
  });

  it('fills budget bars up to 100 % and warns when over', () => {
    const budget: CostBudget = {
      entityRef: 'group:default/team-payments',
      label: 'team-payments',
      month: '2026-11',
      budget: 8_000_000_000,
      actual: 6_000_000_000,
      forecast: 9_000_000_000,
      state: 'at-risk',
    };
    expect(budgetProgress(budget)).toEqual({ value: 75, valueBuffer: 100 });
    expect(
      budgetProgress({
        ...budget,
        actual: 2_000_000_000,
        forecast: 4_000_000_000,
      }),
    ).toEqual({ value: 25, valueBuffer: 50 });
    expect(budgetStateText('ok')).toBe('');
    expect(budgetStateText('at-risk')).toBe(' · forecast over budget');
    expect(budgetStateText('over')).toBe(' · over budget');
  });

  it('says how old the data is', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(dataAge(null, now)).toBe('never');
    expect(dataAge('2026-11-27T12:00:30Z', now)).toBe('0 min ago');
    expect(dataAge('2026-11-27T11:15:00Z', now)).toBe('45 min ago');
    expect(dataAge('2026-11-27T09:00:00Z', now)).toBe('3 h ago');
    expect(dataAge('2026-11-25T13:00:00Z', now)).toBe('47 h ago');
    expect(dataAge('2026-11-22T12:00:00Z', now)).toBe('5 days ago');
  });
});
