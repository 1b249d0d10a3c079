import { defineConfig } from '@playwright/test';

/**
 * Browser end-to-end tests: Debian's Chromium (/usr/bin/chromium) drives the
 * built app served by a real backend. No browser is ever downloaded.
 * `scripts/test` builds the app and runs these; the backend is started by
 * the global setup on RUNWAY_E2E_PORT.
 */
const port = Number(process.env.RUNWAY_E2E_PORT ?? 7017);

export default defineConfig({
  testDir: 'test/src/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './test/src/e2e/globalSetup.ts',
  timeout: 120_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/e2e/results.json' }],
  ],
  outputDir: 'test-results/e2e/artifacts',
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
