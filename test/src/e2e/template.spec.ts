import { expect, Page, test } from '@playwright/test';
import { signInAsGuest } from './session';
import { pick, select } from './templateForm';

const shots = 'test-results/screenshots';

/** Presses Next and expects the form to show `message`; keeps a screenshot. */
async function expectRefused(page: Page, message: string, shot: string) {
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText(message).first()).toBeVisible();
  await page.screenshot({ path: `${shots}/${shot}.png`, fullPage: true });
}

/**
 * From the finished task: opens the new entity (owner and description shown),
 * then its TechDocs (the generated site's title); keeps two screenshots.
 */
async function openEntityAndDocs(
  page: Page,
  entity: { name: string; owner: string; description: RegExp; shot: string },
) {
  const open = page
    .getByRole('link', { name: /Open in catalog/ })
    .or(page.getByRole('button', { name: /Open in catalog/ }));
  await expect(open.first()).toBeVisible({ timeout: 120_000 });
  await page.screenshot({
    path: `${shots}/${entity.shot}-task.png`,
    fullPage: true,
  });
  await open.first().click();

  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${entity.name}`),
  );
  await expect(page.getByText(entity.owner).first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText(entity.description).first()).toBeVisible();
  await page.screenshot({
    path: `${shots}/${entity.shot}-entity.png`,
    fullPage: true,
  });

  await page
    .getByRole('link', { name: /View TechDocs/i })
    .first()
    .click();
  const content = page.getByTestId('techdocs-native-shadowroot');
  await expect(
    content.getByRole('heading', { name: entity.name, level: 1 }).first(),
  ).toBeVisible({ timeout: 120_000 });
  return content;
}

test('a developer creates a Python service from the golden-path template and reads its docs', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);

  // The home page's "Create a service" card leads straight to the template.
  await page.getByRole('link', { name: /Create a service/ }).click();
  await expect(page).toHaveURL(/\/create\/templates\/default\/microservice$/);
  await expect(
    page.getByText('Microservice (golden path)').first(),
  ).toBeVisible();

  // The Create page lists the template too.
  await page.goto('/create');
  await expect(
    page.getByText('Microservice (golden path)').first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/template-create-page.png`,
    fullPage: true,
  });
  await page.goto('/create/templates/default/microservice');

  // A bad name is refused in the form, in plain words; the error summary
  // names the field once.
  const name = page.getByLabel('Name', { exact: false }).first();
  await name.fill('Bad_Name');
  await page
    .getByLabel('Description', { exact: false })
    .first()
    .fill('Charges cards: "quoted", a colon: and #1');
  await pick(page, 'Owner', 'Team Payments');
  await pick(page, 'System', 'payments');
  await expectRefused(
    page,
    "'Name' must be 3-40 characters of lowercase letters, digits and '-', starting with a letter",
    'template-bad-name',
  );
  await expect(page.getByText(/must match pattern/)).toHaveCount(0);

  // A name already in the catalog is refused, naming its owner (the form
  // asks the catalog API).
  await name.fill('checkout-api');
  await expectRefused(
    page,
    "'Name' is taken: a component named checkout-api already exists, owned by team-checkout",
    'template-taken-name',
  );

  // The owner must be a Group of the catalog: typed text that names none is
  // refused with a message.
  await name.fill('e2e-charges-api');
  const owner = page.getByLabel('Owner', { exact: false }).first();
  await owner.click();
  await owner.fill('nobody');
  await owner.press('Tab');
  await expectRefused(
    page,
    `'Owner' "nobody" is not a team in the catalog: pick one from the list`,
    'template-unknown-owner',
  );
  await pick(page, 'Owner', 'Team Payments');
  await page.getByRole('button', { name: 'Next' }).click();

  await select(page, 'Language', 'Python (FastAPI)');
  await select(page, 'CI/CD', 'GitLab CI');
  await page.screenshot({
    path: `${shots}/template-runtime.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Next' }).click();

  await select(page, 'Database', 'PostgreSQL (RDS)');
  await page.getByRole('button', { name: 'Next' }).click();

  // delivery: a Helm chart released as a canary
  await select(page, 'Packaging', 'Helm chart');
  await select(page, 'Release', 'Canary (Argo Rollouts)');
  await expect(page.getByRole('option')).toHaveCount(0);
  await page.screenshot({
    path: `${shots}/template-delivery.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText('e2e-charges-api').first()).toBeVisible();
  await page.screenshot({
    path: `${shots}/template-review.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs every step and links to the new entity, whose docs
  // TechDocs builds from the generated mkdocs site, runbook included.
  await openEntityAndDocs(page, {
    name: 'e2e-charges-api',
    owner: 'team-payments',
    description: /Charges cards/,
    shot: 'template',
  });
  await page.screenshot({ path: `${shots}/template-docs.png`, fullPage: true });
});

test('a developer creates a Go service and opens its entity page and docs', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await signInAsGuest(page);
  await page.goto('/create/templates/default/microservice');

  await page.getByLabel('Name', { exact: false }).first().fill('e2e-stock-api');
  await page
    .getByLabel('Description', { exact: false })
    .first()
    .fill('Keeps stock levels for the storefront');
  await pick(page, 'Owner', 'Team Checkout');
  await pick(page, 'System', 'storefront');
  await page.getByRole('button', { name: 'Next' }).click();

  await select(page, 'Language', 'Go (net/http)');
  await page.getByRole('button', { name: 'Next' }).click();

  await select(page, 'Queue', 'Amazon SQS');
  await page.getByRole('button', { name: 'Next' }).click();
  // delivery: the defaults (kustomize, pipeline, rolling)
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText('e2e-stock-api').first()).toBeVisible();
  await page.getByRole('button', { name: 'Create' }).click();

  const content = await openEntityAndDocs(page, {
    name: 'e2e-stock-api',
    owner: 'team-checkout',
    description: /Keeps stock levels/,
    shot: 'template-go',
  });
  // the runbook the template generated from the SLOs is part of the docs
  await expect(
    content.getByRole('link', { name: /Runbook/i }).first(),
  ).toBeVisible();
  await page.screenshot({
    path: `${shots}/template-go-docs.png`,
    fullPage: true,
  });
});
