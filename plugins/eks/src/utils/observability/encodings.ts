/**
 * URL state encodings of the tools the logs links open (tested by decoding
 * them back in logs.test.ts).
 */

/** A JSON-like value the encoders accept. */
export type Plain =
  | string
  | number
  | boolean
  | Plain[]
  | { [key: string]: Plain };

/** Rison: strings that need no quotes (rison's id characters). */
const RISON_ID = /^[^-0-9 '!:(),*@$][^ '!:(),*@$]*$/;

/**
 * Rison, the encoding of Kibana's `_g` and `_a` URL state
 * (`(time:(from:now-1h,to:now))`): objects in `()`, arrays in `!()`,
 * booleans `!t`/`!f`, strings bare when they are ids, else in `'...'` with
 * `!` and `'` escaped by `!`.
 */
export function rison(value: Plain): string {
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? '!t' : '!f';
  if (typeof value === 'string') {
    return RISON_ID.test(value)
      ? value
      : `'${value.replace(/[!']/g, c => `!${c}`)}'`;
  }
  if (Array.isArray(value)) return `!(${value.map(rison).join(',')})`;
  return `(${Object.entries(value)
    .map(([k, v]) => `${rison(k)}:${rison(v)}`)
    .join(',')})`;
}

/**
 * A string as the CloudWatch console writes it in `queryDetail`: letters,
 * digits, `_`, `.` and `-` as they are, every other byte (UTF-8) as `*XX`.
 */
function cloudWatchString(s: string): string {
  return Array.from(s)
    .map(ch => {
      if (/^[A-Za-z0-9_.-]$/.test(ch)) return ch;
      const code = ch.charCodeAt(0);
      if (code < 0x80) {
        return `*${code.toString(16).toUpperCase().padStart(2, '0')}`;
      }
      return encodeURIComponent(ch).replace(/%/g, '*');
    })
    .join('');
}

/**
 * The JSURL-like object notation of the CloudWatch console's `queryDetail`:
 * `~(end~0~start~-3600~editorString~'fields*20...~source~(~'group))`.
 */
export function cloudWatchObject(value: Plain): string {
  if (typeof value === 'number' || typeof value === 'boolean') {
    return `~${value}`;
  }
  if (typeof value === 'string') return `~'${cloudWatchString(value)}`;
  if (Array.isArray(value)) {
    return value.length === 0
      ? '~(~)'
      : `~(${value.map(cloudWatchObject).join('')})`;
  }
  return `~(${Object.entries(value)
    .map(([k, v]) => `${cloudWatchString(k)}${cloudWatchObject(v)}`)
    .join('~')})`;
}

/**
 * The fragment after `#logsV2:logs-insights` for a query detail object: the
 * object notation with `~()'!` percent-escaped (as JavaScript's `escape`
 * does), prefixed by `?queryDetail=`, percent-encoded once more, and every
 * `%` written as `$`.
 */
export function cloudWatchInsightsFragment(detail: Plain): string {
  const escaped = cloudWatchObject(detail).replace(
    /[~()'!]/g,
    c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return encodeURIComponent(`?queryDetail=${escaped}`).replace(/%/g, '$');
}
