/**
 * Drives the browser side of an OIDC sign-in without a browser: follows the
 * redirects between the Runway backend and the OIDC provider with a cookie
 * jar, submits the provider's login form, and returns what the backend's
 * popup page would post to the app.
 */

type Jar = Map<string, Map<string, string>>;

function storeCookies(jar: Jar, url: URL, res: Response) {
  const cookies = jar.get(url.host) ?? new Map<string, string>();
  jar.set(url.host, cookies);
  for (const header of res.headers.getSetCookie()) {
    const [pair, ...attributes] = header.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some(a => {
      const [k, v] = a.trim().split('=');
      return (
        (k.toLowerCase() === 'max-age' && Number(v) <= 0) ||
        (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now())
      );
    });
    if (expired) {
      cookies.delete(name);
    } else {
      cookies.set(name, value);
    }
  }
}

function cookieHeader(jar: Jar, url: URL): string {
  return [...(jar.get(url.host) ?? new Map()).entries()]
    .map(([k, v]) => `${k}=${v}`)
    .join('; ');
}

export type SignInResponse =
  | {
      type: 'authorization_response';
      response: {
        profile: { email?: string };
        backstageIdentity: {
          token: string;
          identity: { userEntityRef: string; ownershipEntityRefs: string[] };
        };
      };
    }
  | {
      type: 'authorization_response';
      error: { name: string; message: string };
    };

/**
 * Signs `login` (an account id at the provider) in to the backend, with the
 * provider settings of `env` (`auth.environment`; development unless given).
 */
export async function oidcSignIn(options: {
  backendUrl: string;
  login: string;
  env?: string;
}): Promise<SignInResponse> {
  const jar: Jar = new Map();
  const start = new URL(`${options.backendUrl}/api/auth/oidc/start`);
  start.searchParams.set('env', options.env ?? 'development');
  start.searchParams.set('scope', 'openid profile email');
  start.searchParams.set('origin', options.backendUrl);

  let url = start;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      method,
      redirect: 'manual',
      body,
      headers: {
        cookie: cookieHeader(jar, url),
        ...(body
          ? { 'content-type': 'application/x-www-form-urlencoded' }
          : {}),
      },
    });
    storeCookies(jar, url, res);
    method = 'GET';
    body = undefined;

    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url);
      continue;
    }
    const text = await res.text();
    if (res.status !== 200) {
      throw new Error(
        `OIDC sign-in: ${res.status} from ${url.pathname}: ${text}`,
      );
    }
    const form = /<form method="post" action="([^"]+)">/.exec(text);
    if (form) {
      url = new URL(form[1], url);
      method = 'POST';
      body = new URLSearchParams({ login: options.login }).toString();
      continue;
    }
    const payload = /var authResponse = decodeURIComponent\('([^']*)'\)/.exec(
      text,
    );
    if (!payload) {
      throw new Error(
        `OIDC sign-in: unexpected page at ${url.pathname}: ${text.slice(
          0,
          500,
        )}`,
      );
    }
    return JSON.parse(decodeURIComponent(payload[1])) as SignInResponse;
  }
  throw new Error('OIDC sign-in: too many redirects');
}
