/**
 * Kubernetes resource quantities (`250m`, `2`, `512Mi`, `7224620Ki`, `1e3`)
 * as numbers: CPU in millicores, memory in bytes. Integers where the input
 * allows, never a float sum of strings.
 */
const BINARY: Record<string, number> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const DECIMAL: Record<string, number> = {
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
};

/**
 * Parsed quantities by their text: a cluster repeats a few values (`100m`,
 * `128Mi`) across thousands of pods. Bounded: emptied when it grows past
 * 4,096 entries.
 */
const parsed = new Map<string, number>();

/** A quantity in its base unit (cores, bytes); NaN when malformed. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const known = parsed.get(q);
  if (known !== undefined) return known;
  if (parsed.size >= 4096) parsed.clear();
  const value = parseText(q);
  parsed.set(q, value);
  return value;
}

function parseText(q: string): number {
  const m = /^([+-]?[0-9.]+(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/.exec(q.trim());
  if (!m) return NaN;
  const value = Number(m[1]);
  const suffix = m[2];
  if (suffix in BINARY) return value * BINARY[suffix];
  if (suffix in DECIMAL) return value * DECIMAL[suffix];
  return NaN;
}

/** CPU quantity in whole millicores. */
export function cpuMillis(q: string | number | undefined): number {
  return Math.round(parseQuantity(q) * 1000);
}

/** Memory quantity in whole bytes. */
export function memoryBytes(q: string | number | undefined): number {
  return Math.round(parseQuantity(q));
}
