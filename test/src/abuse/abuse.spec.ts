/**
 * The abuse suite (docs/security.md, "The abuse suite"): hostile requests to
 * every route of Runway's plugins and to Runway's scaffolder actions,
 * against the production rehearsal (the built image, two replicas with
 * NODE_ENV=production behind haproxy, OIDC sign-in, PostgreSQL, Redis,
 * moto, local clusters, a GitHub host). Each case names the answers that
 * refuse it and checks that nothing leaked and nothing was written. Prints
 * `N cases, N refused as expected, N leaks`; fails on any leak or
 * unexpected answer, with a table of the offenders.
 */
import { expect, test } from '@playwright/test';
import { actionCases } from './cases/actions';
import { awsCostCases } from './cases/awsCost';
import { catalogCases, registerBomb } from './cases/catalog';
import { decisionsCases } from './cases/decisions';
import { eksCases } from './cases/eks';
import { platformCases } from './cases/platform';
import { scaffolderCases } from './cases/scaffolder';
import { sloBombCases, sloCases } from './cases/slo';
import { templateUpgradesCases } from './cases/templateUpgrades';
import {
  CaseResult,
  fullTable,
  offendersTable,
  otherLines,
  runCases,
  summaryLine,
} from './runner';
import { AbuseContext, cleanUp, setUp } from './setup';

test.describe.configure({ mode: 'serial' });

let ctx: AbuseContext;

test.beforeAll(async () => {
  test.setTimeout(900_000);
  ctx = await setUp();
});

test.afterAll(async () => {
  test.setTimeout(300_000);
  await cleanUp();
});

test('hostile requests to every Runway plugin and action are refused, and nothing leaks', async () => {
  test.setTimeout(1_800_000);
  const results: CaseResult[] = await runCases([
    ...awsCostCases(ctx),
    ...eksCases(ctx),
    ...sloCases(),
    ...decisionsCases(),
    ...templateUpgradesCases(),
    ...platformCases(ctx),
    ...scaffolderCases(ctx),
    ...catalogCases(ctx),
    ...actionCases(ctx),
  ]);
  // last: while it is in the catalog it breaks SLO answers (a known issue)
  await registerBomb();
  results.push(...(await runCases(sloBombCases())));

  const summary = summaryLine(results);
  const known = offendersTable(results, ['known']);
  const offenders = offendersTable(results, ['leak', 'unexpected', 'fixed']);
  const report = [
    summary,
    ...otherLines(results),
    '',
    ...(offenders ? ['Offenders:', offenders, ''] : []),
    ...(known ? ['Known open issues:', known, ''] : []),
    'Every case:',
    fullTable(results),
  ].join('\n');
  console.log(report);
  test.info().annotations.push({ type: 'abuse', description: summary });
  await test.info().attach('abuse-suite.txt', {
    body: report,
    contentType: 'text/plain',
  });

  expect(results.length).toBeGreaterThanOrEqual(100);
  expect(offenders, summary).toBe('');
});
