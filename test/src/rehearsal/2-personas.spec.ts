/**
 * The personas on the production rehearsal, in Chromium, through the load
 * balancer: each signs in with the company account (OIDC, no guest), walks
 * their path, and no request fails and nothing is logged to the console as
 * an error on the way.
 */
import { expect, Page, test } from '@playwright/test';
import { rehearsalState } from './state';

const shots = 'test-results/screenshots/rehearsal';

/**
 * Failed requests (network errors, 5xx) and console errors seen by `page`
 * from now on. Requests the page itself cancels by navigating away
 * (net::ERR_ABORTED) are not failures.
 */
function watch(page: Page) {
  const problems: string[] = [];
  page.on('requestfailed', request => {
    const error = request.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') {
      problems.push(`${request.method()} ${request.url()}: ${error}`);
    }
  });
  page.on('response', response => {
    if (response.status() >= 500) {
      problems.push(`${response.status()} ${response.url()}`);
    }
  });
  page.on('console', message => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', error => problems.push(`page error: ${error.message}`));
  return problems;
}

/**
 * Signs `login` in through the sign-in page's company account (OIDC popup).
 * Before, the page's silent sign-in attempt answers 401 (no session yet):
 * that is how it learns to show the sign-in page, so watching starts after.
 */
async function signIn(page: Page, login: string) {
  await page.goto(rehearsalState().url);
  await expect(
    page.getByText('Company account', { exact: true }),
  ).toBeVisible();
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    page.getByRole('button', { name: /sign in/i }).click(),
  ]);
  await popup.locator('input[name=login]').fill(login);
  await popup.locator('input[name=login]').press('Enter');
  await expect(page.getByText('Welcome to Runway')).toBeVisible();
  // the guest provider of development is not offered
  await expect(page.getByRole('button', { name: 'Enter' })).toHaveCount(0);
}

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
  await signIn(page, 'carol.finance');
  const problems = watch(page);
  const base = rehearsalState().url;
  await page.goto(`${base}/costs`);
  await expect(page.getByTestId('kpi-mtd')).toContainText('$', {
    timeout: 60_000,
  });
  await expect(page.getByTestId('sample-data')).toHaveCount(0);
  await page.screenshot({ path: `${shots}/manager-costs.png`, fullPage: true });
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
