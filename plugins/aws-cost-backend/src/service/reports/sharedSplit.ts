import {
  splitShared,
  toMicros,
  UNALLOCATED_KEY,
} from '@runway/plugin-aws-cost-common';
import { AwsCostConfig } from '../../config';
import { SHARED_KEY } from '../OrgIndex';

/** A summed amount for one key of a dimension in one period. */
export type KeyedRow = { period: string; key: string; micros: bigint };

/**
 * Spreads the shared bucket over teams, per period, by the declared key:
 * `weights` by the configured weights, `proportional` by each team's own
 * spend in the period (unallocated spend takes no share). The parts add up
 * exactly; shared spend with no one to carry it stays shared.
 */
export function splitSharedRows(
  rows: KeyedRow[],
  config: Pick<AwsCostConfig, 'sharedSplit' | 'sharedWeights'>,
): KeyedRow[] {
  const byPeriod = new Map<string, Map<string, bigint>>();
  for (const r of rows) {
    const m = byPeriod.get(r.period) ?? new Map<string, bigint>();
    m.set(r.key, (m.get(r.key) ?? 0n) + r.micros);
    byPeriod.set(r.period, m);
  }
  const out: KeyedRow[] = [];
  for (const [period, m] of byPeriod) {
    const shared = m.get(SHARED_KEY) ?? 0n;
    m.delete(SHARED_KEY);
    const weights =
      config.sharedSplit === 'weights'
        ? Object.entries(config.sharedWeights).map(([key, w]) => ({
            key,
            weight: w,
          }))
        : [...m.entries()]
            .filter(([k]) => k !== UNALLOCATED_KEY)
            .map(([key, v]) => ({ key, weight: v > 0n ? v : 0n }));
    const parts = splitShared({ shared, weights });
    if (shared !== 0n && parts.length === 0) m.set(SHARED_KEY, shared);
    for (const p of parts)
      m.set(p.key, (m.get(p.key) ?? 0n) + toMicros(p.micros));
    for (const [key, micros] of m) out.push({ period, key, micros });
  }
  return out;
}
