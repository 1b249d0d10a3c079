import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSamplePrometheus } from './dev';
import { checkDevHistory } from './devHistoryCheck';

// make dev's Prometheus (test/src/slo/dev.ts) backfills the recording rules'
// series with the raw history: the budget chart reads them, not raw
// expressions, and they agree with the raw computation.
describe("make dev's SLO history", () => {
  let dir: string;
  let prometheus: Awaited<ReturnType<typeof startSamplePrometheus>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-dev-history-'));
    prometheus = await startSamplePrometheus({
      dir,
      backendTarget: '127.0.0.1:9',
    });
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves every sample SLO budget chart from recording rules within 0.1 pp of the raw expression', async () => {
    const results = await checkDevHistory(prometheus.url);
    expect(results).toHaveLength(10);
    for (const r of results) {
      expect({ slo: r.slo, uses: r.usesRecordingRules }).toEqual({
        slo: r.slo,
        uses: true,
      });
      expect(r.maxDiffPp).toBeLessThan(0.1);
    }
  }, 60_000);
});
