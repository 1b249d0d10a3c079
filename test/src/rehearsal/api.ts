import { oidcSignIn } from '../harness/oidcSignIn';
import { rehearsalState } from './state';

const tokens = new Map<string, string>();

/** A Backstage token of `login`, signed in through OIDC at the load balancer. */
export async function tokenFor(login: string): Promise<string> {
  const known = tokens.get(login);
  if (known) return known;
  const answer = await oidcSignIn({
    backendUrl: rehearsalState().url,
    login,
    env: 'production',
  });
  if (!('response' in answer)) {
    throw new Error(`${login} could not sign in: ${answer.error.message}`);
  }
  tokens.set(login, answer.response.backstageIdentity.token);
  return answer.response.backstageIdentity.token;
}

/** GET `path` of `base` (the load balancer unless given) as `login`. */
export async function get(
  login: string,
  path: string,
  base = rehearsalState().url,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${await tokenFor(login)}` },
    signal: AbortSignal.timeout(60_000),
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body };
}

/** Prometheus text-format samples of `metric` at `url`, with their labels. */
export async function samples(
  url: string,
  metric: string,
): Promise<{ labels: Record<string, string>; value: number }[]> {
  const text = await (await fetch(url)).text();
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${metric}{`) && !line.startsWith(`${metric} `)) {
      continue;
    }
    const labels: Record<string, string> = {};
    for (const m of line.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) {
      labels[m[1]] = m[2];
    }
    out.push({ labels, value: Number(line.trim().split(/\s+/).pop()) });
  }
  return out;
}
