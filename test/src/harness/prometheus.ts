import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import {
  freePort,
  restartable,
  RestartableService,
  startService,
} from './processes';

const run = promisify(execFile);

/** A running Prometheus (Debian's package) on loopback. */
export type Prometheus = RestartableService & {
  url: string;
  port: number;
  dataDir: string;
};

/** Whether Debian's prometheus and promtool are installed. */
export function prometheusAvailable(): boolean {
  return ['prometheus', 'promtool'].every(bin =>
    (process.env.PATH ?? '')
      .split(':')
      .some(dir => fs.existsSync(path.join(dir, bin))),
  );
}

/**
 * Writes OpenMetrics text to a file and backfills it into `dataDir` as TSDB
 * blocks. promtool (2.42) reads the whole file once per 2-hour block it
 * writes, so long histories are split into files of `chunkSeconds` (a
 * multiple of 2 hours, e.g. one day) backfilled `parallel` at a time: the
 * same blocks in a fraction of the time.
 */
export async function backfillOpenMetrics(
  text: string,
  dir: string,
  dataDir: string,
  options: { chunkSeconds?: number; parallel?: number } = {},
) {
  fs.mkdirSync(dataDir, { recursive: true });
  const chunks = new Map<number, string[]>();
  if (options.chunkSeconds) {
    const size = options.chunkSeconds;
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const t = Number(line.slice(line.lastIndexOf(' ') + 1));
      const key = Math.floor(t / size);
      let lines = chunks.get(key);
      if (!lines) chunks.set(key, (lines = []));
      lines.push(line);
    }
  }
  const texts = options.chunkSeconds
    ? [...chunks.values()].map(lines => `${lines.join('\n')}\n# EOF\n`)
    : [text];
  let next = 0;
  const worker = async () => {
    while (next < texts.length) {
      const i = next++;
      const file = path.join(dir, `history-${i}.om.txt`);
      fs.writeFileSync(file, texts[i]);
      await run(
        'promtool',
        ['tsdb', 'create-blocks-from', 'openmetrics', file, dataDir],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      fs.rmSync(file);
    }
  };
  await Promise.all(
    Array.from({ length: Math.max(1, options.parallel ?? 1) }, worker),
  );
}

/**
 * Starts Prometheus on 127.0.0.1 with the given data folder, rule files and
 * scrape configs, keeping backfilled history (long retention). `down()`
 * stops it and `up()` starts it again on its port and data folder.
 */
export async function startPrometheus(options: {
  dir: string;
  dataDir: string;
  port?: number;
  ruleFiles?: string[];
  scrapeConfigs?: unknown[];
  evaluationInterval?: string;
  name?: string;
}): Promise<Prometheus> {
  const port = options.port ?? (await freePort());
  const config = path.join(options.dir, `${options.name ?? 'prometheus'}.yml`);
  fs.writeFileSync(
    config,
    stringify({
      global: {
        scrape_interval: '15s',
        evaluation_interval: options.evaluationInterval ?? '30s',
      },
      rule_files: options.ruleFiles ?? [],
      scrape_configs: options.scrapeConfigs ?? [],
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const start = () =>
    startService({
      name: 'Prometheus',
      command: 'prometheus',
      args: [
        `--config.file=${config}`,
        `--storage.tsdb.path=${options.dataDir}`,
        '--storage.tsdb.retention.time=3650d',
        `--web.listen-address=127.0.0.1:${port}`,
        '--web.enable-admin-api',
      ],
      logFile: path.join(options.dir, `${options.name ?? 'prometheus'}.log`),
      ready: async () =>
        (await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1000) }))
          .ok,
      timeoutMs: 60_000,
    });
  const service = restartable(await start(), start);
  return Object.assign(service, { url, port, dataDir: options.dataDir });
}

/**
 * Evaluates recording rules over backfilled history: `promtool tsdb
 * create-blocks-from rules` against a running Prometheus, into `dataDir`
 * (a Prometheus started on it afterwards serves them).
 */
export async function backfillRules(options: {
  url: string;
  ruleFile: string;
  start: number;
  end: number;
  evalInterval: string;
  dir: string;
  dataDir: string;
}) {
  const out = path.join(options.dir, 'rule-blocks');
  fs.rmSync(out, { recursive: true, force: true });
  await run(
    'promtool',
    [
      'tsdb',
      'create-blocks-from',
      'rules',
      `--start=${options.start}`,
      `--end=${options.end}`,
      `--url=${options.url}`,
      `--output-dir=${out}`,
      `--eval-interval=${options.evalInterval}`,
      options.ruleFile,
    ],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  for (const block of fs.readdirSync(out)) {
    if (fs.statSync(path.join(out, block)).isDirectory()) {
      fs.renameSync(path.join(out, block), path.join(options.dataDir, block));
    }
  }
}

/** Instant query helper for tests. */
export async function instantQuery(url: string, query: string, time: number) {
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ query, time: String(time) }),
  });
  const json: any = await res.json();
  if (json.status !== 'success') throw new Error(`${query}: ${json.error}`);
  return json.data.result as Array<{
    metric: Record<string, string>;
    value: [number, string];
  }>;
}
