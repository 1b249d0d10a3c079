import { defineConfig } from '@playwright/test';
import base from './playwright.config';

/**
 * The production rehearsal suite (test/src/rehearsal): the global setup
 * starts the rehearsal environment (two production replicas of the built
 * image behind haproxy, on PostgreSQL, Redis, moto, local clusters, OIDC)
 * from the image folder RUNWAY_REHEARSAL_IMAGE (scripts/test.d/80-rehearsal.sh
 * builds it); the specs drive it through the load balancer in Debian's
 * Chromium and over HTTP.
 *
 * Then, on the same environment, the abuse suite (test/src/abuse): hostile
 * requests to every Runway plugin and action (docs/security.md). Its project
 * comes after the rehearsal's (one worker runs projects in this order): it
 * registers hostile entities, which the rehearsal's fresh-start checks must
 * not see.
 */
export default defineConfig({
  ...base,
  testDir: 'test/src',
  globalSetup: './test/src/rehearsal/globalSetup.ts',
  timeout: 180_000,
  reporter: [
    ['list'],
    ['json', { outputFile: 'test-results/rehearsal/results.json' }],
  ],
  outputDir: 'test-results/rehearsal/artifacts',
  use: { ...base.use, baseURL: undefined },
  projects: [
    { name: 'rehearsal', testDir: 'test/src/rehearsal' },
    { name: 'abuse', testDir: 'test/src/abuse' },
  ],
});
