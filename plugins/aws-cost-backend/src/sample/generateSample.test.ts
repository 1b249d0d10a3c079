import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  sampleFocusLines,
  SAMPLE_SERVICES,
  writeSampleFile,
} from './generateSample';

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
  it('is written whole even when several processes write it at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'runway-sample-test-'));
    try {
      const path = join(dir, 'sample.csv.gz');
      // two backends on one machine share the file: each writes its own
      // copy and renames it over the path, so a reader never sees a half
      await Promise.all([
        writeSampleFile({ path, lastDay: '2026-11-26' }),
        writeSampleFile({ path, lastDay: '2026-11-26' }),
      ]);
      const text = gunzipSync(readFileSync(path)).toString('utf8');
      expect(text.trimEnd().split('\n')).toHaveLength(
        digest('2026-11-26').lines,
      );
      expect(readdirSync(dir)).toEqual(['sample.csv.gz']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

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
