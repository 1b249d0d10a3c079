import fs from 'node:fs';
import { APIRequestContext, expect, test } from '@playwright/test';
import { guestApiToken, signInAsGuest } from './session';

const shots = 'test-results/screenshots';

/** Waits until the backend has imported the generated sample data set. */
async function waitForCostData(request: APIRequestContext) {
  const token = await guestApiToken(request);
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/aws-cost/status', {
          headers: { authorization: `Bearer ${token}` },
        });
        if (!res.ok()) return null;
        // recorded once the whole sample file is imported
        const status = await res.json();
        return (
          status.sources.find((s: { source: string }) => s.source === 'sample')
            ?.lastSuccessAt ?? null
        );
      },
      { timeout: 90_000, intervals: [1000] },
    )
    .not.toBeNull();
}

test('a manager opens Costs, drills down to billing-worker and downloads the CSV', async ({
  page,
  request,
}) => {
  await waitForCostData(request);
  await page.setViewportSize({ width: 1440, height: 2600 });
  await signInAsGuest(page);

  // the home page's Costs card is a link now
  await page.getByTestId('persona-costs').getByRole('link').click();
  await expect(page).toHaveURL(/\/costs$/);
  await expect(page.getByTestId('kpi-mtd')).toContainText('$');
  await expect(page.getByTestId('sample-data').first()).toBeVisible();
  await expect(page.getByText(/Amounts in USD/)).toBeVisible();
  await expect(page.getByTestId('anomaly').first()).toBeVisible();
  await expect(page.getByText(/Untagged EU-NatGateway-Bytes/)).toBeVisible();
  await page.screenshot({ path: `${shots}/cost-page.png`, fullPage: true });

  await page.getByTestId('drill-team-payments').click();
  await page.getByTestId('drill-billing-worker').click();
  await expect(
    page.getByRole('cell', { name: 'Amazon MQ', exact: true }),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/cost-billing-worker.png`,
    fullPage: true,
  });

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    /^aws-cost-.*-sample-data\.csv$/,
  );
  const file = await download.path();
  const lines = fs.readFileSync(file!, 'utf8').trim().split('\n');
  expect(lines[0]).toBe(
    'day,account_id,account_name,aws_service,region,usage_type,charge_type,team,service,environment,currency,cost,billed_cost,source',
  );
  expect(lines.length).toBeGreaterThan(100);
  expect(lines.slice(1).every(l => l.split(',')[8] === 'billing-worker')).toBe(
    true,
  );

  // the service's entity page shows its cost card
  await page.goto('/catalog/default/component/billing-worker');
  await expect(page.getByTestId('entity-mtd')).toContainText('$');
  await expect(
    page.getByText('Allocation: service=billing-worker', { exact: false }),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/cost-entity-card.png`,
    fullPage: true,
  });
});
