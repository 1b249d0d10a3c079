import { APIRequestContext, expect, test } from '@playwright/test';
import { COMBINATIONS, formValues } from '../template/combinations';
import {
  FIXTURE_VERSION,
  publishFixtureVersion,
  refreshTemplate,
} from '../template/fixtureVersion';
import { e2eTemplateCopy } from './services/template';
import { guestApiToken, signInAsGuest } from './session';
import { runScheduledTask } from './tasks';

const shots = 'test-results/screenshots';
const NAME = 'upgrade-e2e';
const CHECK = 'template-upgrades-check';

/** Runs the fleet check now (guest holds the ops role in development) and waits for it. */
const runCheck = (request: APIRequestContext, token: string) =>
  runScheduledTask(request, token, 'template-upgrades', CHECK);

test('the Templates page shows a service falling behind, and its card opens the upgrade', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(420_000);
  const token = await guestApiToken(request);
  const headers = { authorization: `Bearer ${token}` };

  // a Go service from the golden path at 1.0.0, created as a real task
  const go = COMBINATIONS.find(
    c => c.language === 'go' && c.ci === 'github-actions',
  )!;
  const created = await request.post('/api/scaffolder/v2/tasks', {
    headers,
    data: {
      templateRef: 'template:default/microservice',
      values: formValues({ ...go, name: NAME }),
    },
  });
  expect(created.status()).toBe(201);
  const { id } = await created.json();
  await expect
    .poll(
      async () =>
        (
          await (
            await request.get(`/api/scaffolder/v2/tasks/${id}`, { headers })
          ).json()
        ).status,
      { timeout: 180_000, intervals: [1000] },
    )
    .toBe('completed');
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `/api/catalog/entities/by-name/component/default/${NAME}`,
            { headers },
          )
        ).status(),
      { timeout: 60_000 },
    )
    .toBe(200);
  await runCheck(request, token);

  await signInAsGuest(page);
  await page.goto('/templates');
  const section = page.getByRole('region', {
    name: /Microservice \(golden path\)|template:default\/microservice/,
  });
  const row = page.getByRole('row', { name: new RegExp(NAME) });
  await expect(row.getByText('current')).toBeVisible({ timeout: 60_000 });
  await page.screenshot({
    path: `${shots}/templates-current.png`,
    fullPage: true,
  });

  // the platform team publishes 1.1.0
  publishFixtureVersion(e2eTemplateCopy());
  await refreshTemplate(baseURL!, token, FIXTURE_VERSION);
  await runCheck(request, token);

  await page.reload();
  await expect(row.getByText('behind')).toBeVisible({ timeout: 60_000 });
  await expect(section.getByText(/of \d+ services behind/)).toBeVisible();
  await page.screenshot({
    path: `${shots}/templates-behind.png`,
    fullPage: true,
  });

  // the service's Template card opens the upgrade, once
  await page.goto(`/catalog/default/component/${NAME}`);
  const upgrade = page.getByRole('button', {
    name: `Upgrade to ${FIXTURE_VERSION}`,
  });
  await expect(upgrade).toBeVisible({ timeout: 60_000 });
  await upgrade.click();
  await expect(
    page.getByText(`Opened an upgrade to ${FIXTURE_VERSION}:`),
  ).toBeVisible({ timeout: 120_000 });
  await expect(
    page.getByText(/runway\/upgrade-microservice-1\.1\.0/).first(),
  ).toBeVisible();
  await expect(page.getByText('clean').first()).toBeVisible();
  await page.screenshot({
    path: `${shots}/template-card-upgraded.png`,
    fullPage: true,
  });

  // the fleet lists the request; asking again opens nothing new
  const again = await request.post(
    `/api/template-upgrades/entity/component/default/${NAME}/upgrade`,
    { headers },
  );
  expect(again.status()).toBe(200);
  expect((await again.json()).created).toBe(false);
});
