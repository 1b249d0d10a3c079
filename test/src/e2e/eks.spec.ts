import { expect, test } from '@playwright/test';
import { signInAsGuest } from './session';

const shots = 'test-results/screenshots';

test('ops open Clusters: both sample clusters with their verdicts and the broken workloads flagged', async ({
  page,
}) => {
  await signInAsGuest(page);
  await expect(
    page.getByTestId('persona-clusters').getByRole('link'),
  ).toHaveAttribute('href', '/clusters');
  await page.goto('/clusters');
  const table = page.getByRole('table', { name: 'clusters' });
  await expect(
    table.getByRole('link', { name: 'eks-staging-euw1' }),
  ).toBeVisible({ timeout: 60_000 });
  await expect(
    table.getByRole('link', { name: 'eks-production-euw1' }),
  ).toBeVisible();
  await expect(table.getByLabel('verdict degraded')).toHaveCount(2);
  await expect(table).toContainText('CrashLoopBackOff');
  await expect(table).toContainText(
    'HPA production/inventory-api is at its maximum of 6 replicas',
  );
  await expect(page.getByText('sample data').first()).toBeVisible();
  await page.screenshot({ path: `${shots}/eks-clusters.png`, fullPage: true });

  await table.getByRole('link', { name: 'eks-staging-euw1' }).click();
  const problems = page.getByRole('table', { name: 'problem pods' });
  await expect(problems).toContainText('Deployment/payments-api');
  await expect(problems).toContainText('CrashLoopBackOff');
  await expect(problems).toContainText('ImagePullBackOff');
  await expect(page.getByRole('table', { name: 'node groups' })).toContainText(
    't3.large, t3a.large',
  );
  await page.screenshot({
    path: `${shots}/eks-cluster-staging.png`,
    fullPage: true,
  });
});

test("payments-api's Workloads tab shows the crash loop with its reason", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api/workloads');
  await expect(page.getByText('payments-api is')).toBeVisible({
    timeout: 60_000,
  });
  await expect(
    page
      .getByText(/CrashLoopBackOff, 14 restarts, last exit code 1 \(Error\)/)
      .first(),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'deployments' }).first(),
  ).toContainText('payments-api:2.0.0');
  await expect(
    page.getByRole('table', { name: 'checklist' }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/eks-workloads-payments-api.png`,
    fullPage: true,
  });

  // the crashed container's previous run, read through the apiserver
  await page
    .getByRole('button', { name: /Last crash's logs of payments-api-/ })
    .first()
    .click();
  const logs = page.getByLabel('container logs');
  await expect(logs).toContainText('Traceback (most recent call last):', {
    timeout: 30_000,
  });
  await expect(logs).toContainText(
    "sqlalchemy.exc.ArgumentError: Could not parse SQLAlchemy URL from string 'postgresql+asyncpg//payments'",
  );
  // the pane opens at its end, where the error is
  expect(
    await logs.evaluate(el => el.scrollHeight - el.clientHeight - el.scrollTop),
  ).toBeLessThanOrEqual(1);
  await logs.scrollIntoViewIfNeeded();
  await page.screenshot({
    path: `${shots}/eks-workloads-payments-api-logs.png`,
    fullPage: true,
  });
});
