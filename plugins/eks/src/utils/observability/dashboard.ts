import type { GrafanaConfig } from './config';

/**
 * The dashboard link of one entity: a link to follow, a value that was
 * refused (with the reason shown to the user), or nothing configured.
 */
export type DashboardLink =
  | {
      state: 'link';
      url: string;
      /** where the link came from */
      source: 'annotation' | 'convention';
    }
  | { state: 'refused'; value: string; reason: string }
  | { state: 'none' };

/** What Grafana accepts as a dashboard UID (letters, digits, `-`, `_`; at most 40). */
const DASHBOARD_UID = /^[A-Za-z0-9_-]{1,40}$/;
/** `scheme:` at the start: the value is meant as a URL, whatever the scheme. */
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

function underBase(url: URL, base: URL): boolean {
  if (url.origin !== base.origin) return false;
  const path = base.pathname.replace(/\/+$/, '');
  return (
    path === '' || url.pathname === path || url.pathname.startsWith(`${path}/`)
  );
}

function fromUrl(
  value: string,
  grafana: GrafanaConfig | undefined,
): DashboardLink {
  const refused = (reason: string): DashboardLink => ({
    state: 'refused',
    value,
    reason,
  });
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return refused('it is not a valid URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return refused(`only http(s) URLs are linked, not ${url.protocol} URLs`);
  }
  if (url.username || url.password) {
    return refused('URLs with a user name or password are not linked');
  }
  if (grafana && !underBase(url, new URL(grafana.url))) {
    return refused(
      `it is not on the configured Grafana (${grafana.url}, runway.observability.grafana.url)`,
    );
  }
  return { state: 'link', url: url.href, source: 'annotation' };
}

/**
 * The entity's dashboard link.
 *
 * - `annotation` (`runway.io/grafana-dashboard`) written as a URL: linked when
 *   it is http(s), carries no credentials and, when Grafana is configured,
 *   points under `runway.observability.grafana.url`. Any other scheme
 *   (`javascript:`, `data:`, ...) is refused.
 * - `annotation` written as a dashboard UID: `<grafana.url>/d/<uid>`; refused
 *   without a configured Grafana.
 * - no annotation: `<grafana.url>/d/<grafana.dashboardUid>` with `{service}`
 *   replaced by `service`, when that convention is configured.
 */
export function resolveDashboard(options: {
  annotation: string | undefined;
  service: string;
  grafana: GrafanaConfig | undefined;
}): DashboardLink {
  const { grafana, service } = options;
  const value = options.annotation?.trim();
  if (value) {
    if (HAS_SCHEME.test(value)) return fromUrl(value, grafana);
    if (!DASHBOARD_UID.test(value)) {
      return {
        state: 'refused',
        value,
        reason: 'it is neither an http(s) URL nor a Grafana dashboard UID',
      };
    }
    if (!grafana) {
      return {
        state: 'refused',
        value,
        reason:
          'a dashboard UID is linked only when runway.observability.grafana.url is configured',
      };
    }
    return {
      state: 'link',
      url: `${grafana.url}/d/${value}`,
      source: 'annotation',
    };
  }
  if (grafana?.dashboardUid) {
    const uid = grafana.dashboardUid.split('{service}').join(service);
    if (!DASHBOARD_UID.test(uid)) {
      return {
        state: 'refused',
        value: uid,
        reason: `the UID from runway.observability.grafana.dashboardUid is not a valid Grafana dashboard UID`,
      };
    }
    return {
      state: 'link',
      url: `${grafana.url}/d/${uid}`,
      source: 'convention',
    };
  }
  return { state: 'none' };
}
