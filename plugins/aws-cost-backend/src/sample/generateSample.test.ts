import { createHash } from 'node:crypto';
import { sampleFocusLines, SAMPLE_SERVICES } from './generateSample';

const digest = (lastDay: string, seed?: number) => {
  const hash = createHash('sha256');
  let lines = 0;
  let first = '';
  let last = '';
  for (const line of sampleFocusLines({ lastDay, seed })) {
    hash.update(line);
    if (lines === 1) first = line;
    last = line;
    lines++;
  }
  return { sha: hash.digest('hex'), lines, first, last };
};

describe('sample data set', () => {
  it('is deterministic for a seed and covers 13 months', () => {
    const a = digest('2026-11-26');
    const b = digest('2026-11-26');
    expect(a.sha).toBe(b.sha);
    expect(digest('2026-11-26', 7).sha).not.toBe(a.sha);
    // 12 full months before the current one, then the current month so far
    expect(a.first).toContain('2025-11-01T00:00:00Z');
    expect(a.last).toContain('2026-11-26T00:00:00Z');
    expect(a.lines).toBeGreaterThan(18_000);
  });

  it('tells the sample story: the services, shared and untagged spend, and the NAT traffic this month only', () => {
    const lines = [...sampleFocusLines({ lastDay: '2026-11-26' })];
    for (const s of SAMPLE_SERVICES) {
      expect(
        lines.some(l => l.includes(`""user:service"":""${s.name}""`)),
      ).toBe(true);
    }
    expect(lines.some(l => l.includes('""user:service"":""shared""'))).toBe(
      true,
    );
    const nat = lines.filter(l =>
      l.includes('NAT gateway data processed (untagged)'),
    );
    expect(nat).toHaveLength(26);
    expect(nat.every(l => l.includes(',2026-11-'))).toBe(true);
  });
});
