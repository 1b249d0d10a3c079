import fs from 'node:fs';
import path from 'node:path';
import { APIRequestContext, expect, test } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { signInAsGuest } from './session';

const shots = 'test-results/screenshots';
const ROOT = path.resolve(__dirname, '../../..');

async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.get('/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(res.ok()).toBeTruthy();
  return (await res.json()).backstageIdentity.token;
}

/** Builds an entity's docs through TechDocs (what opening them does). */
async function buildDocs(
  request: APIRequestContext,
  token: string,
  ref: string,
) {
  const res = await request.get(`/api/techdocs/sync/${ref}`, {
    headers: { authorization: `Bearer ${token}` },
    timeout: 180_000,
  });
  expect(res.status(), `TechDocs build of ${ref}`).toBeLessThan(400);
}

/** The runbook_url of one of Runway's platform alerts, on this backend. */
function runbookUrl(alert: string): string {
  const file = path.join(ROOT, 'k8s', 'base', 'prometheusrule-runway.yaml');
  for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
    for (const group of (doc.toJS() as any).spec.groups) {
      for (const rule of group.rules) {
        if (rule.alert === alert) {
          const url = new URL(rule.annotations.runbook_url);
          return `${url.pathname}${url.hash}`;
        }
      }
    }
  }
  throw new Error(`no alert ${alert} in ${file}`);
}

test('search finds a runbook by a phrase in it', async ({ page, request }) => {
  const token = await guestToken(request);
  await buildDocs(request, token, 'default/component/checkout-api');
  // The TechDocs collator indexes built docs every 15 s in this test backend.
  const phrase = 'Database connection pool exhausted';
  await expect
    .poll(
      async () => {
        const res = await request.get(
          `/api/search/query?term=${encodeURIComponent(
            phrase,
          )}&types%5B0%5D=techdocs`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const body = await res.json();
        return (body.results ?? []).map((r: any) => r.document.location);
      },
      { timeout: 90_000, intervals: [3000] },
    )
    .toContain(
      '/docs/default/component/checkout-api/runbook/#database-connection-pool-exhausted',
    );

  await signInAsGuest(page);
  await page.goto(`/search?query=${encodeURIComponent(phrase)}`);
  const hit = page
    .getByRole('link', { name: /Database connection pool exhausted/ })
    .first();
  await expect(hit).toBeVisible({ timeout: 30_000 });
  await page.screenshot({ path: `${shots}/docs-search.png`, fullPage: true });
  await hit.click();
  await expect(page).toHaveURL(
    /\/docs\/default\/component\/checkout-api\/runbook\/#database-connection-pool-exhausted/,
  );
  const content = page.getByTestId('techdocs-native-shadowroot');
  await expect(
    content.getByRole('heading', {
      name: /Database connection pool exhausted/,
    }),
  ).toBeInViewport({ timeout: 60_000 });
});

test('Decisions page lists ADRs across services, filters by status and opens one', async ({
  page,
  request,
}) => {
  // The Decisions index catches up with the catalog's ingestion of the
  // sample services (it compares the catalog with the index every 30 s):
  // wait until it holds the decisions this test reads, of three services
  const token = await guestToken(request);
  const titles = [
    'Amazon MQ for RabbitMQ',
    'Idempotency keys on order creation',
    'Transactional outbox for order events',
  ];
  await expect
    .poll(
      async () => {
        const res = await request.get('/api/decisions/adrs', {
          headers: { authorization: `Bearer ${token}` },
        });
        const items: { title: string }[] = (await res.json()).items ?? [];
        return titles.filter(t => items.some(i => i.title === t));
      },
      { timeout: 120_000, intervals: [2000] },
    )
    .toEqual(titles);
  await signInAsGuest(page);
  await page.goto('/decisions');
  // every ADR is counted; the table shows the newest first, one page at a
  // time (Runway's own ADRs fill the first), so each service is found by
  // the filter
  await expect(
    page.getByRole('heading', { name: /^Decisions \((\d+) of \1\)$/ }),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/docs-decisions.png`,
    fullPage: true,
  });
  const filter = page.getByRole('textbox', { name: 'Title or service' });
  await filter.fill('checkout-api');
  await expect(
    page.getByText('Transactional outbox for order events'),
  ).toBeVisible();
  await filter.fill('billing-worker');
  await expect(page.getByText('Amazon MQ for RabbitMQ')).toBeVisible();
  await filter.fill('');

  // Only proposed decisions
  await page.locator('#decisions-status').click();
  await page.getByRole('option', { name: 'proposed' }).click();
  await page.keyboard.press('Escape');
  await expect(
    page.getByText('Idempotency keys on order creation'),
  ).toBeVisible();
  await expect(
    page.getByText('Transactional outbox for order events'),
  ).toHaveCount(0);
  await page.screenshot({
    path: `${shots}/docs-decisions-proposed.png`,
    fullPage: true,
  });

  await page
    .getByRole('link', { name: 'Idempotency keys on order creation' })
    .click();
  await expect(page).toHaveURL(
    /\/docs\/default\/component\/checkout-api\/adr\/0002-idempotency-keys-on-order-creation/,
  );
  const content = page.getByTestId('techdocs-native-shadowroot');
  await expect(
    content.getByRole('heading', {
      name: /ADR 0002: Idempotency keys on order creation/,
      level: 1,
    }),
  ).toBeVisible({ timeout: 90_000 });
  await expect(content.getByText('Status: proposed')).toBeVisible();
  await page.screenshot({
    path: `${shots}/docs-adr-open.png`,
    fullPage: true,
  });

  // The docs health view: runbook freshness per owner
  await page.goto('/decisions');
  await page.getByRole('tab', { name: 'Docs health' }).click();
  await expect(
    page.getByText(/Runbooks unchanged in git for more than 180 days/),
  ).toBeVisible();
  await expect(
    page.getByText(/\d+ fresh, \d+ stale, \d+ without a runbook/).first(),
  ).toBeVisible();
  await page.screenshot({ path: `${shots}/docs-health.png`, fullPage: true });
});

test("a service's ADR tab lists its decisions with status and date", async ({
  page,
}) => {
  await signInAsGuest(page);
  // payments-api names its ADRs (backstage.io/adr-location): the tab is in
  // the entity page's Documentation group
  await page.goto('/catalog/default/component/payments-api');
  await page.getByText('Documentation', { exact: true }).click();
  await page.getByText('ADRs', { exact: true }).click();
  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-api\/adrs/,
  );
  await expect(
    page.getByText('PSP calls behind a circuit breaker'),
  ).toBeVisible();
  await expect(page.getByText('2026-06-09')).toBeVisible();
  await expect(page.getByText('accepted').first()).toBeVisible();
  await page.screenshot({
    path: `${shots}/docs-entity-adrs.png`,
    fullPage: true,
  });
});

test("an alert's runbook link lands on its section", async ({ page }) => {
  await signInAsGuest(page);
  const target = runbookUrl('RunwayNodeGroupAtMax');
  expect(target).toBe(
    '/docs/default/component/runway/runbooks/alerts/#runwaynodegroupatmax',
  );
  await page.goto(target);
  const content = page.getByTestId('techdocs-native-shadowroot');
  const heading = content.locator('h2#runwaynodegroupatmax');
  await expect(heading).toHaveText(/RunwayNodeGroupAtMax/, { timeout: 90_000 });
  await expect(heading).toBeInViewport();
  await page.screenshot({ path: `${shots}/docs-alert-runbook.png` });
});

test('service docs draw their Mermaid diagram offline and show the last change', async ({
  page,
}) => {
  const outside: string[] = [];
  page.on('request', req => {
    const url = new URL(req.url());
    if (!['127.0.0.1', 'localhost'].includes(url.hostname))
      outside.push(req.url());
  });
  await signInAsGuest(page);
  await page.goto('/docs/default/component/inventory-api/');
  const content = page.getByTestId('techdocs-native-shadowroot');
  await expect(
    content.getByRole('heading', { name: 'inventory-api', level: 1 }),
  ).toBeVisible({
    timeout: 90_000,
  });
  // the addon replaces the code block with an SVG drawn by the bundled Mermaid
  const diagram = content
    .locator('svg')
    .filter({ hasText: 'reserve / release' });
  await expect(diagram).toBeVisible({ timeout: 30_000 });
  await diagram.scrollIntoViewIfNeeded();
  // last change from git (mkdocs-git-revision-date-localized-plugin)
  const updated = content.locator('.git-revision-date-localized-plugin-date');
  await expect(updated).toHaveText(/\d{4}/);
  await expect(
    content.locator('.md-source-file [title="Last update"]'),
  ).toHaveCount(1);
  await page.screenshot({ path: `${shots}/docs-mermaid.png`, fullPage: true });
  expect(outside).toEqual([]);
});
