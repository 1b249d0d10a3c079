import { expect, test } from '@playwright/test';
import { signInAsGuest } from './session';

const shots = 'test-results/screenshots';

test('the SLO overview lists the burning checkout-api availability SLO first', async ({
  page,
}) => {
  await signInAsGuest(page);
  await expect(
    page.getByTestId('persona-slos').getByRole('link'),
  ).toHaveAttribute('href', '/slos');
  await page.goto('/slos');
  const links = page.locator('[data-testid^="slo-link-"]');
  await expect(links.first()).toBeVisible({ timeout: 60_000 });
  // Runway's own SLOs are measured live from this very backend (a fresh
  // start may have burned them): the order is asserted among the sample
  // services only, so the test never depends on Runway's own state.
  const order = (
    await links.evaluateAll(els =>
      els.map(e => e.getAttribute('data-testid') ?? ''),
    )
  ).filter(id => !id.startsWith('slo-link-runway-'));
  expect(order.length).toBeGreaterThan(1);
  expect(order[0]).toBe('slo-link-checkout-api-availability');
  await expect(page.getByText('sample data').first()).toBeVisible();
  // Team compliance by month for the first team
  await expect(
    page.getByText('Team compliance by calendar month'),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/slo-overview.png`, fullPage: true });
});

test("checkout-api's SLO tab shows the availability SLO first, below a quarter of its budget", async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/checkout-api/slos');
  const cards = page.locator('[data-testid^="slo-card-"]');
  await expect(cards.first()).toBeVisible({ timeout: 60_000 });
  await expect(cards.first()).toHaveAttribute(
    'data-testid',
    'slo-card-checkout-api-availability',
  );
  const remaining = await page
    .getByTestId('remaining-checkout-api-availability')
    .textContent();
  expect(Number.parseFloat(remaining ?? '')).toBeLessThan(25);
  await expect(cards.first()).toContainText('Fast burn');
  // the burn-down chart has drawn
  await expect(cards.first().locator('.recharts-line').first()).toBeVisible({
    timeout: 30_000,
  });
  await page.screenshot({
    path: `${shots}/slo-checkout-api.png`,
    fullPage: true,
  });
});

test('the deploy gate denies checkout-api and allows storefront-web', async ({
  page,
  baseURL,
}) => {
  const refresh = await page.request.get(`${baseURL}/api/auth/guest/refresh`);
  const token = (await refresh.json()).backstageIdentity.token;
  const gate = async (entity: string) => {
    const res = await page.request.get(
      `${baseURL}/api/slo/gate?entity=${encodeURIComponent(
        entity,
      )}&env=production`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    expect(res.status()).toBe(200);
    return res.json();
  };
  const deny = await gate('component:default/checkout-api');
  expect(deny.decision).toBe('deny');
  expect(deny.reasons.join('\n')).toMatch(/checkout-api-availability/);
  const allow = await gate('component:default/storefront-web');
  expect(allow).toMatchObject({ decision: 'allow' });
});
