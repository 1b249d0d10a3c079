/**
 * A developer creates a Go service from the golden path's production
 * variant, through the load balancer: the repository is published to the
 * organisation's GitHub, the stack created in CloudFormation (moto) with the
 * service role, the entity registered from the new repository. The service's
 * CI then publishes its docs to the TechDocs bucket, and the developer reads
 * the entity page, docs, Workloads, SLOs and Cost with no failed request.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { publishDocs } from './docsPublish';
import { signIn, watch } from './browser';
import { TECHDOCS_BUCKET } from './seedAws';
import { GITHUB, OBSERVABILITY } from './site';
import { rehearsalState } from './state';
import { pick, select } from '../e2e/templateForm';

const shots = 'test-results/screenshots/rehearsal';
const NAME = 'rehearsal-stock-api';

test('a developer creates a Go service and reads its entity page, docs, Workloads, SLOs and Cost', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const { url, dir, motoUrl } = rehearsalState();
  await signIn(page, 'grace.checkout');
  const problems = watch(page);

  await page.goto(`${url}/create/templates/default/microservice`);
  await page.getByLabel('Name', { exact: false }).first().fill(NAME);
  await page
    .getByLabel('Description', { exact: false })
    .first()
    .fill('Keeps stock levels for the storefront');
  await pick(page, 'Owner', 'Team Checkout');
  await pick(page, 'System', 'storefront');
  await page.getByRole('button', { name: 'Next' }).click();
  await select(page, 'Language', 'Go (net/http)');
  await page.getByRole('button', { name: 'Next' }).click();
  // dependencies and exposure, then delivery: the defaults
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByRole('button', { name: 'Next' }).click();
  // the repository: the organisation's default owner on GitHub
  await page.getByRole('button', { name: 'Review' }).click();
  await expect(page.getByText(NAME).first()).toBeVisible();
  await page.screenshot({
    path: `${shots}/create-review.png`,
    fullPage: true,
  });
  await page.getByRole('button', { name: 'Create' }).click();

  const open = page
    .getByRole('link', { name: /Open in catalog/ })
    .or(page.getByRole('button', { name: /Open in catalog/ }));
  await expect(open.first()).toBeVisible({ timeout: 240_000 });
  await page.screenshot({ path: `${shots}/create-task.png`, fullPage: true });

  // the service's CI on its default branch: docs to the TechDocs bucket
  const bare = path.join(dir, 'github', GITHUB.owner, `${NAME}.git`);
  expect(fs.existsSync(bare)).toBe(true);
  const clone = path.join(dir, `clone-${NAME}`);
  execFileSync('git', ['clone', '--quiet', bare, clone]);
  expect(
    await publishDocs({
      repoDir: clone,
      name: NAME,
      bucket: TECHDOCS_BUCKET,
      motoUrl,
    }),
  ).toBeGreaterThan(0);

  await open.first().click();
  await expect(page).toHaveURL(
    new RegExp(`/catalog/default/component/${NAME}`),
  );
  await expect(page.getByText('team-checkout').first()).toBeVisible({
    timeout: 60_000,
  });
  // the Observability card: the dashboard the repository holds, and each
  // environment's logs in Grafana Explore with the service's Loki selector
  const dashboard = page.getByRole('link', { name: 'Open dashboard' });
  await expect(dashboard).toBeVisible({ timeout: 60_000 });
  const dashboardFile = ['k8s/base', 'chart/files']
    .map(d => path.join(clone, d, 'grafana-dashboard.json'))
    .find(f => fs.existsSync(f));
  expect(dashboardFile).toBeDefined();
  const { uid } = JSON.parse(fs.readFileSync(dashboardFile!, 'utf8'));
  expect(await dashboard.getAttribute('href')).toBe(
    `${OBSERVABILITY.grafanaUrl}/d/${uid}`,
  );
  for (const env of ['staging', 'production']) {
    const href = await page
      .getByRole('link', { name: `${env} logs` })
      .getAttribute('href');
    const explore = new URL(href!);
    expect(`${explore.origin}${explore.pathname}`).toBe(
      `${OBSERVABILITY.grafanaUrl}/explore`,
    );
    const [pane] = Object.values<any>(
      JSON.parse(explore.searchParams.get('panes')!),
    );
    expect(pane.datasource).toBe(OBSERVABILITY.lokiDatasourceUid);
    expect(pane.queries[0].expr).toBe(
      `{service="${NAME}", environment="${env}"}`,
    );
  }
  // the runbook's first step sends the on-call engineer to those links
  expect(
    fs.readFileSync(path.join(clone, 'docs', 'runbook.md'), 'utf8'),
  ).toMatch(/^1\. Open the logs: .*\*\*Logs\*\* link/m);
  await page.screenshot({
    path: `${shots}/create-entity.png`,
    fullPage: true,
  });

  await page.goto(`${url}/docs/default/component/${NAME}`);
  await expect(
    page
      .getByTestId('techdocs-native-shadowroot')
      .getByRole('heading', { name: NAME, level: 1 })
      .first(),
  ).toBeVisible({ timeout: 120_000 });
  await page.screenshot({ path: `${shots}/create-docs.png`, fullPage: true });

  // each tab's own content (its progress bar shows only after a delay,
  // so its absence alone does not mean the tab has loaded)
  const tabs: [tab: string, content: RegExp][] = [
    // not deployed yet: the verdict and an empty state naming the label
    [
      'workloads',
      new RegExp(
        `No Deployment or Argo Rollout labelled backstage.io/kubernetes-id=${NAME}`,
      ),
    ],
    // the SLOs of its slo.yaml, read from the new repository
    ['slos', new RegExp(`${NAME} availability`)],
    // no spend yet, with the allocation it will be counted by
    ['cost', new RegExp(`Allocation: service=${NAME}`)],
  ];
  for (const [tab, content] of tabs) {
    await page.goto(`${url}/catalog/default/component/${NAME}/${tab}`);
    await expect(page.getByText(content).first()).toBeVisible({
      timeout: 60_000,
    });
    await page.screenshot({
      path: `${shots}/create-${tab}.png`,
      fullPage: true,
    });
  }
  expect(problems).toEqual([]);
});
