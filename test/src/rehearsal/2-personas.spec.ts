/**
 * The personas on the production rehearsal, in Chromium, through the load
 * balancer: each signs in with the company account (OIDC, no guest), walks
 * their path, and no request fails and nothing is logged to the console as
 * an error on the way.
 */
import { expect, test } from '@playwright/test';
import { get } from './api';
import { signIn, watch } from './browser';
import { rehearsalState } from './state';

const shots = 'test-results/screenshots/rehearsal';

test.describe.configure({ mode: 'serial' });

test('a developer signs in and opens a service: overview, SLOs, Workloads, Cost', async ({
  page,
}) => {
  await signIn(page, 'grace.checkout');
  const problems = watch(page);
  const base = rehearsalState().url;
  await page.goto(`${base}/catalog/default/component/checkout-api`);
  await expect(page.getByText('checkout-api').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/developer-entity.png` });

  await page.goto(`${base}/catalog/default/component/checkout-api/slos`);
  await expect(page.getByText(/availability/i).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/developer-slos.png` });

  await page.goto(`${base}/catalog/default/component/checkout-api/workloads`);
  await expect(page.getByText('checkout-api is')).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot({ path: `${shots}/developer-workloads.png` });

  await page.goto(`${base}/catalog/default/component/checkout-api/cost`);
  await expect(page.getByTestId('entity-mtd').first()).toBeVisible({
    timeout: 60_000,
  });
  await page.screenshot({ path: `${shots}/developer-cost.png` });
  expect(problems).toEqual([]);
});

test('ops open Clusters and the last crash of payments-api', async ({
  page,
}) => {
  await signIn(page, 'alice.ops');
  const problems = watch(page);
  const base = rehearsalState().url;
  await page.goto(`${base}/clusters`);
  const table = page.getByRole('table', { name: 'clusters' });
  for (const name of ['eks-staging-euw1', 'eks-production-euw1']) {
    await expect(table.getByRole('link', { name })).toBeVisible({
      timeout: 60_000,
    });
  }
  // read with the shipped ClusterRole: every resource type is allowed
  await expect(table).not.toContainText(/unauthori[sz]ed|forbidden/i);
  await expect(table).toContainText('CrashLoopBackOff');
  // production data: no sample-data label
  await expect(page.getByText('sample data')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/ops-clusters.png`, fullPage: true });

  await page.goto(`${base}/catalog/default/component/payments-api/workloads`);
  await expect(page.getByText('payments-api is')).toBeVisible({
    timeout: 60_000,
  });
  await page
    .getByRole('button', { name: /Last crash's logs of payments-api-/ })
    .first()
    .click();
  await expect(page.getByLabel('container logs')).toContainText(
    'Traceback (most recent call last):',
  );
  await page.screenshot({ path: `${shots}/ops-logs.png`, fullPage: true });
  expect(problems).toEqual([]);
});

test('a manager opens Costs and drills down to a service', async ({ page }) => {
  // after the first Cost Explorer sync (30 s after start); before it the
  // page says "No cost data yet" (the fresh-start spec covers that time)
  await expect
    .poll(
      async () => {
        const { body } = await get('carol.finance', '/api/aws-cost/status');
        return (body.sources ?? []).some(
          (s: any) => s.type === 'cost-explorer' && s.lastSuccessAt,
        );
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toBe(true);
  await signIn(page, 'carol.finance');
  const problems = watch(page);
  const base = rehearsalState().url;
  await page.goto(`${base}/costs`);
  await expect(page.getByTestId('kpi-mtd')).toContainText('$', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('sample-data')).toHaveCount(0);
  await page.screenshot({
    path: `${shots}/manager-costs.png`,
    fullPage: true,
  });
  await page.getByTestId('drill-team-checkout').click();
  await page.getByTestId('drill-checkout-api').click();
  await expect(
    page.getByRole('cell', {
      name: 'Amazon Relational Database Service',
      exact: true,
    }),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/manager-drilldown.png`,
    fullPage: true,
  });
  expect(problems).toEqual([]);
});
