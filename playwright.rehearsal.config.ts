import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The production rehearsal suite (test/src/rehearsal): the global setup
 * starts the rehearsal environment (two production replicas of the built
 * image behind haproxy, on PostgreSQL, Redis, moto, local clusters, OIDC)
 * from the image folder RUNWAY_REHEARSAL_IMAGE (scripts/test.d/80-rehearsal.sh
 * builds it); the specs drive it through the load balancer in Debian's
 * Chromium and over HTTP.
 */
export default defineConfig({
  ...base,
  testDir: 'test/src/rehearsal',
  globalSetup: './test/src/rehearsal/globalSetup.ts',
  timeout: 180_000,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/rehearsal/results.json' }],
  ],
  outputDir: 'test-results/rehearsal/artifacts',
  use: { ...base.use, baseURL: undefined },
});
