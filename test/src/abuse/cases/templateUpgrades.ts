/**
 * template-upgrades (plugins/template-upgrades-backend/src/service/router.ts):
 * the fleet and a service's status as nobody, malformed entity names, and
 * upgrades asked by callers who neither own the service nor hold ops: each
 * refused before any repository is read or any branch pushed.
 */
import type { Caller } from '../client';
import type { AbuseCase } from '../runner';

const api = (p: string) => `/api/template-upgrades${p}`;

/** An answer that shows an upgrade request was opened. */
const noRequest = (a: { json?: any }) =>
  a.json?.request?.branch || a.json?.created !== undefined
    ? 'an upgrade request was answered'
    : undefined;

export function templateUpgradesCases(): AbuseCase[] {
  const cases: AbuseCase[] = [];
  const add = (
    name: string,
    as: Caller,
    path: string,
    expect: number[],
    method: 'GET' | 'POST' = 'GET',
  ) =>
    cases.push({
      name: `template-upgrades: ${name}`,
      target: 'template-upgrades',
      as,
      request: { method, path: api(path) },
      expect,
      leak: noRequest,
    });

  add('anonymous GET /fleet', 'anonymous', '/fleet', [401]);
  add(
    'an unsigned token with ops claims reads the fleet',
    'unsigned-token',
    '/fleet',
    [401],
  );
  add('a tampered token reads the fleet', 'tampered-token', '/fleet', [401]);
  add(
    'anonymous GET a service',
    'anonymous',
    '/entity/component/default/checkout-api',
    [401],
  );
  add(
    'anonymous upgrade of checkout-api',
    'anonymous',
    '/entity/component/default/checkout-api/upgrade',
    [401],
    'POST',
  );
  add(
    "developer upgrades another team's service (payments-api)",
    'developer',
    '/entity/component/default/payments-api/upgrade',
    [403],
    'POST',
  );
  add(
    'manager upgrades checkout-api',
    'manager',
    '/entity/component/default/checkout-api/upgrade',
    [403],
    'POST',
  );
  add(
    'an entity name holding a path',
    'developer',
    '/entity/component/default/..%2F..%2Fetc%2Fpasswd/upgrade',
    [400, 404],
    'POST',
  );
  add(
    'an entity name with a NUL',
    'developer',
    '/entity/component/default/checkout%00api',
    [400],
  );
  add(
    'an upgrade of an entity that does not exist',
    'ops',
    '/entity/component/default/no-such-service/upgrade',
    [404],
    'POST',
  );
  return cases;
}
