import { expect, test } from '@playwright/test';
import { signInAsGuest } from './session';

const shots = 'test-results/screenshots';

test('guest signs in and lands on the home page with one entry per persona', async ({
  page,
}) => {
  await signInAsGuest(page);

  await expect(page.getByText('Welcome to Runway')).toBeVisible();
  await expect(
    page.getByRole('link', { name: /Create a service/ }),
  ).toHaveAttribute('href', '/create/templates/default/microservice');
  // Every persona's entry leads to its page: none is "coming soon" any more.
  for (const [id, href] of [
    ['clusters', '/clusters'],
    ['slos', '/slos'],
    ['costs', '/costs'],
    ['docs', '/docs'],
  ]) {
    const card = page.getByTestId(`persona-${id}`);
    await expect(card.getByRole('link').first()).toHaveAttribute('href', href);
    await expect(card).not.toContainText('Coming soon');
  }
  // The plugins' pages are in the sidebar too.
  for (const href of ['/clusters', '/slos', '/costs', '/decisions']) {
    await expect(page.locator(`nav a[href="${href}"]`).first()).toBeAttached();
  }
  await page.screenshot({ path: `${shots}/home.png`, fullPage: true });
});

test('finds Runway in the catalog and reads its docs', async ({ page }) => {
  await signInAsGuest(page);

  // All components: the guest owns some sample services, and the catalog
  // opens on "Owned" by default.
  await page.goto('/catalog?filters%5Bkind%5D=component&filters%5Buser%5D=all');
  const runwayLink = page
    .locator('a[href="/catalog/default/component/runway"]')
    .first();
  await expect(runwayLink).toBeVisible();
  await page.screenshot({ path: `${shots}/catalog.png`, fullPage: true });

  await runwayLink.click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/runway/);
  await expect(page.getByText('platform-ops').first()).toBeVisible();
  await expect(
    page.getByText('Runway internal developer portal').first(),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/runway-entity.png`, fullPage: true });

  // Its docs, from the entity page. TechDocs builds them with mkdocs on
  // first view, then renders them.
  // TechDocs and ADRs share the entity page's "Documentation" tab group.
  await page.getByText('Documentation', { exact: true }).click();
  await page.getByText('TechDocs', { exact: true }).click();
  await expect(page).toHaveURL(/\/catalog\/default\/component\/runway\/docs/);
  const content = page.getByTestId('techdocs-native-shadowroot');
  await expect(
    content.getByRole('heading', { name: 'Runway', level: 1 }).first(),
  ).toBeVisible({
    timeout: 90_000,
  });
  await page.screenshot({ path: `${shots}/runway-docs.png`, fullPage: true });

  await content.getByRole('link', { name: 'Architecture' }).first().click();
  await expect(page).toHaveURL(/\/runway\/docs\/architecture/);
  await expect(content.getByRole('img').first()).toBeVisible();
  await page.screenshot({
    path: `${shots}/runway-architecture.png`,
    fullPage: true,
  });
});
