/**
 * Checks `make dev`'s SLO history (test/src/slo/dev.ts) against a real
 * Prometheus: starts the sample Prometheus on a free port, reports the
 * start-up time, and for every sample SLO runs the budget chart's range query
 * (as plugins/slo-backend's SloService.sloDetail does) on the recording-rule
 * series and on the raw expression, reporting the points each returns and the
 * largest difference in remaining budget (percentage points).
 *
 *   cd test && node --require <backstage nodeTransform> src/slo/devHistoryCheck.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  budgetFromErrorRatio,
  errorRatioExpr,
  errorRatioRecordName,
  formatDuration,
  labelSelector,
  parseSloFile,
  windowSeconds,
} from '@runway/plugin-slo-common';
import { ROOT } from '../harness/processes';
import { sampleStories, startSamplePrometheus } from './dev';

async function rangeQuery(
  url: string,
  query: string,
  start: number,
  end: number,
  step: number,
) {
  const params = new URLSearchParams({
    query,
    start: String(start),
    end: String(end),
    step: String(step),
  });
  const res = await fetch(`${url}/api/v1/query_range?${params}`);
  const body = (await res.json()) as any;
  if (body.status !== 'success') throw new Error(JSON.stringify(body));
  return (body.data.result[0]?.values ?? []) as Array<[number, string]>;
}

/** Per sample SLO: what the budget chart's range query finds in the dev Prometheus. */
export type DevHistoryResult = {
  slo: string;
  recordedPoints: number;
  chartPoints: number;
  usesRecordingRules: boolean;
  maxDiffPp: number;
};

/** Runs the budget chart's queries for every sample SLO against `url`. */
export async function checkDevHistory(
  url: string,
): Promise<DevHistoryResult[]> {
  const results: DevHistoryResult[] = [];
  for (const story of sampleStories(0)) {
    const text = fs.readFileSync(
      path.join(ROOT, 'catalog/samples', story.service, 'slo.yaml'),
      'utf8',
    );
    for (const slo of parseSloFile(text).slos) {
      const length = windowSeconds(slo.window);
      const step = Math.max(300, Math.ceil(length / 240 / 300) * 300);
      const end = Math.floor(Date.now() / 1000 / step) * step;
      const start = end - length;
      const full = formatDuration(length);
      const recorded = await rangeQuery(
        url,
        `${errorRatioRecordName(full)}${labelSelector({
          slo: slo.name,
          service: slo.service,
        })}`,
        start,
        end,
        step,
      );
      const raw = await rangeQuery(
        url,
        errorRatioExpr(slo.sli, full),
        start,
        end,
        step,
      );
      const rawAt = new Map(raw.map(([t, v]) => [t, Number(v)]));
      let maxDiffPp = 0;
      for (const [t, v] of recorded) {
        const r = rawAt.get(t);
        if (r === undefined) continue;
        maxDiffPp = Math.max(
          maxDiffPp,
          Math.abs(
            budgetFromErrorRatio(slo.objective, Number(v)).remaining -
              budgetFromErrorRatio(slo.objective, r).remaining,
          ) * 100,
        );
      }
      // SloService.sloDetail falls back to raw below half the points
      const expected = (end - start) / step;
      results.push({
        slo: slo.name,
        recordedPoints: recorded.length,
        chartPoints: expected + 1,
        usesRecordingRules: recorded.length >= expected / 2,
        maxDiffPp,
      });
    }
  }
  return results;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'slo-dev-history-'));
  const started = Date.now();
  const prometheus = await startSamplePrometheus({
    dir,
    backendTarget: '127.0.0.1:9',
  });
  const startupMs = Date.now() - started;
  let ok = true;
  try {
    for (const r of await checkDevHistory(prometheus.url)) {
      if (!r.usesRecordingRules || r.maxDiffPp > 0.1) ok = false;
      console.log(
        `${r.slo.padEnd(30)} recorded points ${r.recordedPoints}/${
          r.chartPoints
        }; chart uses ${
          r.usesRecordingRules ? 'recording rules' : 'RAW FALLBACK'
        }; max |remaining recorded - raw| ${r.maxDiffPp.toFixed(4)} pp`,
      );
    }
  } finally {
    await prometheus.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(`start-up ${startupMs} ms; ${ok ? 'OK' : 'FAILED'}`);
  process.exit(ok ? 0 : 1);
}

if (require.main === module) {
  main().catch(e => {
    console.error(e);
    process.exit(1);
  });
}
