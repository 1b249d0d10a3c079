/**
 * Screenshots of the SLO pages for the plugin README (and a quick look
 * without the whole e2e run): the sample Prometheus of `make dev`, the real
 * backend serving the built app, Debian's Chromium through playwright-core.
 * Run from test/: node --require <nodeTransform> src/slo/screenshots.ts
 * Writes plugins/slo/docs/*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { startBackend } from '../harness/backend';
import { freePort, ROOT, runDir } from '../harness/processes';
import { startSamplePrometheus } from './dev';

async function main() {
  const port = await freePort();
  const prometheus = await startSamplePrometheus({
    dir: runDir('slo-shots-prometheus'),
    backendTarget: `127.0.0.1:${port}`,
  });
  const backend = await startBackend({
    port,
    dir: runDir('slo-shots-backend'),
    config: {
      slo: {
        prometheus: [
          {
            name: 'sample',
            url: prometheus.url,
            environments: ['staging', 'production'],
          },
        ],
        sampleData: true,
      },
    },
  });
  const out = path.join(ROOT, 'plugins', 'slo', 'docs');
  fs.mkdirSync(out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    // let Prometheus scrape the backend and evaluate the rules a few times
    await new Promise(r => setTimeout(r, 75_000));
    const page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
    });
    await page.goto(`${backend.baseUrl}/`);
    await page.getByRole('button', { name: 'Enter' }).click();
    await page.getByText('Welcome to Runway').waitFor();
    await page.screenshot({ path: path.join(out, 'home.png'), fullPage: true });
    await page.goto(`${backend.baseUrl}/slos`);
    await page
      .locator('[data-testid^="slo-link-"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await page.screenshot({
      path: path.join(out, 'slo-overview.png'),
      fullPage: true,
    });
    await page.goto(
      `${backend.baseUrl}/catalog/default/component/checkout-api/slos`,
    );
    await page
      .locator('[data-testid^="slo-card-"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(4000);
    await page.screenshot({
      path: path.join(out, 'slo-entity-checkout-api.png'),
      fullPage: true,
    });
    await page.goto(`${backend.baseUrl}/catalog/default/component/runway/slos`);
    await page
      .locator('[data-testid^="slo-card-"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.waitForTimeout(3000);
    await page.screenshot({
      path: path.join(out, 'slo-entity-runway.png'),
      fullPage: true,
    });
    console.log(`screenshots in ${out}`);
  } finally {
    await browser.close();
    await backend.stop();
    await prometheus.stop();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
