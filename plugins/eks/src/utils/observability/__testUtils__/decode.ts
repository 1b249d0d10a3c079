/**
 * Decoders for the tests: they read the links back the way each tool does,
 * independently of the encoders, so a test checks what the tool will see.
 */

/** Parses rison (Kibana's `_g` / `_a`). */
export function parseRison(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`rison: ${what} at ${i} in ${text}`);
  };
  const value = (): unknown => {
    const c = text[i];
    if (c === '(') {
      i++;
      const obj: Record<string, unknown> = {};
      while (text[i] !== ')') {
        const key = value();
        if (typeof key !== 'string') fail('key');
        if (text[i++] !== ':') fail('colon');
        obj[key as string] = value();
        if (text[i] === ',') i++;
      }
      i++;
      return obj;
    }
    if (c === '!') {
      const n = text[i + 1];
      i += 2;
      if (n === 't') return true;
      if (n === 'f') return false;
      if (n === 'n') return null;
      if (n !== '(') fail('bang');
      const arr: unknown[] = [];
      while (text[i] !== ')') {
        arr.push(value());
        if (text[i] === ',') i++;
      }
      i++;
      return arr;
    }
    if (c === "'") {
      i++;
      let s = '';
      while (text[i] !== "'") {
        if (i >= text.length) fail('unterminated string');
        if (text[i] === '!') i++;
        s += text[i++];
      }
      i++;
      return s;
    }
    const m = /^[^ '!:(),*@$]+/.exec(text.slice(i));
    if (!m) return fail('value');
    i += m[0].length;
    return /^-?\d+(\.\d+)?$/.test(m[0]) ? Number(m[0]) : m[0];
  };
  const out = value();
  if (i !== text.length) fail('trailing text');
  return out;
}

/** Parses the CloudWatch console's JSURL-like notation (`~(key~'value)`). */
function parseCloudWatchObject(text: string): unknown {
  let i = 0;
  const str = (): string => {
    let s = '';
    while (i < text.length && text[i] !== '~' && text[i] !== ')') {
      if (text[i] === '*') {
        s += `%${text.slice(i + 1, i + 3)}`;
        i += 3;
      } else {
        s += encodeURIComponent(text[i++]);
      }
    }
    return decodeURIComponent(s);
  };
  const value = (): unknown => {
    if (text[i++] !== '~') throw new Error(`expected ~ at ${i - 1}`);
    if (text[i] === "'") {
      i++;
      return str();
    }
    if (text[i] === '(') {
      i++;
      if (text[i] === '~') {
        const arr: unknown[] = [];
        if (text.startsWith('~)', i)) {
          i += 2;
          return arr;
        }
        while (text[i] !== ')') arr.push(value());
        i++;
        return arr;
      }
      const obj: Record<string, unknown> = {};
      while (text[i] !== ')') {
        const key = str();
        obj[key] = value();
        if (text[i] === '~') i++;
      }
      i++;
      return obj;
    }
    const raw = str();
    if (raw === 'true' || raw === 'false') return raw === 'true';
    return Number(raw);
  };
  const out = value();
  if (i !== text.length) throw new Error('trailing text');
  return out;
}

/** The region and query detail of a CloudWatch Logs Insights console link. */
export function decodeCloudWatchInsightsUrl(link: string): {
  host: string;
  region: string | null;
  detail: any;
} {
  const url = new URL(link);
  const prefix = '#logsV2:logs-insights';
  if (!url.hash.startsWith(prefix))
    throw new Error(`not Logs Insights: ${link}`);
  const once = decodeURIComponent(
    url.hash.slice(prefix.length).replace(/\$/g, '%'),
  );
  if (!once.startsWith('?queryDetail=')) throw new Error(once);
  const notation = decodeURIComponent(once.slice('?queryDetail='.length));
  return {
    host: url.host,
    region: url.searchParams.get('region'),
    detail: parseCloudWatchObject(notation),
  };
}

/** `_g` and `_a` of a Kibana Discover link, parsed. */
export function decodeKibanaDiscoverUrl(link: string): {
  base: string;
  g: any;
  a: any;
} {
  const url = new URL(link);
  const [path, query] = url.hash.split('?');
  if (path !== '#/') throw new Error(`not Discover: ${link}`);
  const params = new URLSearchParams(query);
  return {
    base: `${url.origin}${url.pathname}`,
    g: parseRison(params.get('_g')!),
    a: parseRison(params.get('_a')!),
  };
}

/** The panes of a Grafana Explore link, parsed. */
export function decodeGrafanaExploreUrl(link: string): {
  base: string;
  schemaVersion: string | null;
  orgId: string | null;
  panes: any;
} {
  const url = new URL(link);
  return {
    base: `${url.origin}${url.pathname}`,
    schemaVersion: url.searchParams.get('schemaVersion'),
    orgId: url.searchParams.get('orgId'),
    panes: JSON.parse(url.searchParams.get('panes')!),
  };
}
