/**
 * The abuse suite's HTTP client: requests through the rehearsal's load
 * balancer as one of the shipped personas (signed in through OIDC, as
 * production signs people in), as nobody, or with a forged token.
 */
import fs from 'node:fs';
import { oidcSignIn } from '../harness/oidcSignIn';
import { STATE_FILE, type RehearsalState } from '../rehearsal/state';

/**
 * The running rehearsal: the file RUNWAY_REHEARSAL_RUNNING names when the
 * suite runs against an environment started beforehand, else the state the
 * rehearsal's global setup wrote.
 */
export function abuseState(): RehearsalState {
  const file = process.env.RUNWAY_REHEARSAL_RUNNING ?? STATE_FILE;
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

/**
 * Who sends a request: a persona of catalog/org.yaml (see
 * test/src/rehearsal/site.ts), nobody, or a token that is not Runway's.
 *
 * - `developer`: grace.checkout, team-checkout, role developer
 * - `ops`: alice.ops, platform-ops, role ops
 * - `manager`: carol.finance, finance, role manager
 */
export type Caller =
  | 'developer'
  | 'ops'
  | 'manager'
  | 'anonymous'
  | 'garbage-token'
  | 'unsigned-token'
  | 'tampered-token';

export const LOGINS = {
  developer: 'grace.checkout',
  ops: 'alice.ops',
  manager: 'carol.finance',
} as const;

const tokens = new Map<string, string>();

/** The persona's identity as a new sign-in gives it (its ownership refs). */
export async function signInIdentity(
  persona: keyof typeof LOGINS,
): Promise<{ userEntityRef: string; ownershipEntityRefs: string[] }> {
  const answer = await oidcSignIn({
    backendUrl: abuseState().url,
    login: LOGINS[persona],
    env: 'production',
  });
  if (!('response' in answer)) {
    throw new Error(
      `${LOGINS[persona]} could not sign in: ${answer.error.message}`,
    );
  }
  return answer.response.backstageIdentity.identity;
}

/** A Backstage token of the persona, signed in through OIDC at the load balancer. */
export async function personaToken(
  persona: keyof typeof LOGINS,
): Promise<string> {
  const login = LOGINS[persona];
  const known = tokens.get(login);
  if (known) return known;
  const answer = await oidcSignIn({
    backendUrl: abuseState().url,
    login,
    env: 'production',
  });
  if (!('response' in answer)) {
    throw new Error(`${login} could not sign in: ${answer.error.message}`);
  }
  const token = answer.response.backstageIdentity.token;
  tokens.set(login, token);
  return token;
}

const b64url = (value: unknown) =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

/** The claims of a JWT (not verified). */
export function jwtClaims(token: string): Record<string, any> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

async function authorization(caller: Caller): Promise<string | undefined> {
  switch (caller) {
    case 'anonymous':
      return undefined;
    case 'garbage-token':
      return 'Bearer not-a-token';
    case 'unsigned-token': {
      // alg "none": ops' identity with no signature
      const now = Math.floor(Date.now() / 1000);
      return `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({
        sub: 'user:default/alice.ops',
        ent: ['user:default/alice.ops', 'group:default/platform-ops'],
        iat: now,
        exp: now + 3600,
      })}.`;
    }
    case 'tampered-token': {
      // the developer's own signed token, its claims rewritten to ops'
      const [header, , signature] = (await personaToken('developer')).split(
        '.',
      );
      const claims = jwtClaims(await personaToken('developer'));
      claims.sub = 'user:default/alice.ops';
      claims.ent = ['user:default/alice.ops', 'group:default/platform-ops'];
      return `Bearer ${header}.${b64url(claims)}.${signature}`;
    }
    default:
      return `Bearer ${await personaToken(caller)}`;
  }
}

/** One request of a case. */
export type AbuseRequest = {
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path and query, sent as written (no normalisation). */
  path: string;
  /** JSON body. */
  body?: unknown;
  /** Another base URL (a replica) instead of the load balancer. */
  base?: string;
};

/** What came back. */
export type Answer = {
  status: number;
  /** The body as text (at most 1 MiB is kept). */
  text: string;
  /** The body parsed as JSON, else undefined. */
  json: any;
  headers: Headers;
};

/** Sends `request` as `caller`; network errors are answers with status 0. */
export async function send(
  caller: Caller,
  request: AbuseRequest,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const auth = await authorization(caller);
  if (auth) headers.authorization = auth;
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(
      `${request.base ?? abuseState().url}${request.path}`,
      {
        method: request.method ?? 'GET',
        headers,
        body:
          request.body === undefined ? undefined : JSON.stringify(request.body),
        redirect: 'manual',
        signal: AbortSignal.timeout(60_000),
      },
    );
    const text = (await res.text()).slice(0, 1024 * 1024);
    let json: any;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, headers: res.headers };
  } catch (error) {
    return {
      status: 0,
      text: String((error as Error).message),
      json: undefined,
      headers: new Headers(),
    };
  }
}

/** GET as `caller`, the JSON body or an error naming the status. */
export async function getJson<T = any>(
  caller: Caller,
  path: string,
): Promise<T> {
  const answer = await send(caller, { path });
  if (answer.status !== 200) {
    throw new Error(
      `GET ${path} as ${caller}: ${answer.status} ${answer.text}`,
    );
  }
  return answer.json as T;
}

/** Polls `check` until it returns a value other than undefined. */
export async function until<T>(
  what: string,
  check: () => Promise<T | undefined>,
  timeoutMs = 120_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`,
      );
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
