/**
 * A fresh install: the database, Redis and the search index are empty when
 * the replicas start. Right after the load balancer first routes traffic,
 * every read route of every plugin answers each persona without a 5xx
 * (search answers an empty result before its first index run), and neither
 * replica has answered a 5xx since it started.
 */
import fs from 'node:fs';
import { expect, test } from '@playwright/test';
import { get } from './api';
import { rehearsalState } from './state';

const ROUTES = [
  '/api/catalog/entities/by-query?limit=20',
  '/api/search/query?term=checkout',
  '/api/search/query?term=runbook&types%5B0%5D=techdocs',
  '/api/slo/slos',
  '/api/slo/entity/component/default/checkout-api',
  '/api/slo/gate?entity=component:default/checkout-api',
  '/api/eks/clusters',
  '/api/eks/workloads?entity=component:default/payments-api',
  '/api/aws-cost/status',
  '/api/aws-cost/summary',
  '/api/aws-cost/entity/component/default/checkout-api',
  '/api/decisions/adrs',
  '/api/scaffolder/v2/tasks',
  '/api/techdocs/metadata/entity/default/component/runway',
];

/** The requests a replica logged (its JSON request log, `type: incomingRequest`). */
function requests(logFile: string): { status: number; url: string }[] {
  return fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter(line => line.startsWith('{'))
    .map(line => JSON.parse(line))
    .filter(entry => entry.type === 'incomingRequest');
}

/**
 * 5xx answers a replica gave, other than its readiness endpoint's 503
 * while it starts (that one keeps the load balancer away, by design).
 */
function serverErrors(logFile: string): string[] {
  return requests(logFile)
    .filter(r => r.status >= 500 && !r.url.startsWith('/.backstage/health/'))
    .map(r => `${r.status} ${r.url}`);
}

test('every read route answers each persona without a 5xx right after start', async () => {
  const answers: string[] = [];
  for (const login of ['grace.checkout', 'alice.ops', 'carol.finance']) {
    for (const route of ROUTES) {
      const { status } = await get(login, route);
      answers.push(`${status} ${login} ${route}`);
    }
  }
  expect(answers.filter(a => a.startsWith('5'))).toEqual([]);
  // answers are real: the catalog and search respond with content
  const search = await get('grace.checkout', '/api/search/query?term=checkout');
  expect(search.status).toBe(200);
  expect(Array.isArray(search.body.results)).toBe(true);
});

test('neither replica has answered a 5xx since it started', async () => {
  for (const replica of rehearsalState().replicas) {
    expect(serverErrors(replica.logFile)).toEqual([]);
    // the request log is there to be read (the check above cannot pass on an empty log)
    expect(
      requests(replica.logFile).filter(
        r => r.status === 200 && r.url.startsWith('/api/'),
      ).length,
    ).toBeGreaterThan(0);
  }
});
