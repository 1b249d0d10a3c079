/**
 * Every rendered service (render.test.ts writes them) with its own real
 * toolchain: `make lint test build` (npm ci from package-lock.json; pip in a
 * venv from the hashed requirements + pytest; go vet/test/build from go.sum),
 * then the built service starts on loopback and answers /health/ready,
 * /metrics and the example resource (against a real PostgreSQL from the test
 * harness when the database option is chosen), and stops cleanly on SIGTERM.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Postgres, startPostgres } from '../harness/postgres';
import { freePort } from '../harness/processes';
import { COMBINATIONS, Combination } from './combinations';
import { outDir } from './paths';
import { ok } from './tools';

jest.setTimeout(900_000);

let postgres: Postgres | undefined;
const timings: Record<string, number> = {};

beforeAll(async () => {
  if (COMBINATIONS.some(c => c.database === 'postgres')) {
    postgres = await startPostgres();
  }
});

afterAll(async () => {
  await postgres?.stop();
  fs.mkdirSync(outDir(), { recursive: true });
  fs.writeFileSync(
    path.join(outDir(), 'generated-tests-timings.json'),
    JSON.stringify(timings, null, 2),
  );
});

async function databaseUrl(c: Combination): Promise<string> {
  const db = c.name.replace(/-/g, '_');
  const base = `postgres://${postgres!.user}:${postgres!.password}@${
    postgres!.host
  }:${postgres!.port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${db}`);
  await admin.query(`CREATE DATABASE ${db}`);
  await admin.end();
  return `${base}/${db}`;
}

/**
 * The Python services share one venv: their requirements files are the same
 * lockfile (asserted below), so the first `make` installs it and the others
 * find it complete (the Makefile's VENV variable).
 */
const pythonVenv = () => path.join(outDir(), '.venv-python');

function startCommand(c: Combination): [string, string[]] {
  switch (c.language) {
    case 'typescript':
      return [process.execPath, ['dist/server.js']];
    case 'python':
      return [path.join(pythonVenv(), 'bin', 'python'), ['-m', 'app']];
    default:
      return ['./bin/server', []];
  }
}

async function waitFor(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`service exited ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline)
      throw new Error(`${url} did not answer:\n${log()}`);
    await new Promise(r => setTimeout(r, 250));
  }
}

describe.each(COMBINATIONS)(
  '$name ($language, db $database, queue $queue)',
  c => {
    const dir = path.join(outDir(), c.name);

    it('passes its own make lint, make test and make build', async () => {
      if (!fs.existsSync(path.join(dir, 'Makefile'))) {
        throw new Error(
          `${dir} is missing: render.test.ts renders the combinations first`,
        );
      }
      const args = ['lint', 'test', 'build'];
      const first = COMBINATIONS.find(o => o.language === c.language)!;
      const differing = ['requirements.txt', 'requirements-dev.txt'].filter(
        lock =>
          c.language === 'python' &&
          fs.readFileSync(path.join(dir, lock), 'utf8') !==
            fs.readFileSync(path.join(outDir(), first.name, lock), 'utf8'),
      );
      expect(differing).toEqual([]);
      if (c.language === 'python') args.push(`VENV=${pythonVenv()}`);
      const started = Date.now();
      const res = await ok('make', args, { cwd: dir, env: { CI: 'true' } });
      timings[c.name] = Math.round((Date.now() - started) / 100) / 10;
      const summary = {
        typescript: /# pass [1-9]\d*\n# fail 0/,
        python: /\d+ passed/,
        go: /ok\s+\S+\/internal\/app/,
      }[c.language];
      expect(res.stdout).toMatch(summary);
    });

    it(`starts and answers on loopback${
      c.database === 'postgres' ? ' with PostgreSQL' : ''
    }, then stops on SIGTERM`, async () => {
      const port = await freePort();
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        SERVICE_NAME: c.name,
        // never reach AWS or a broker from a test
        QUEUE_URL: '',
        AMQP_URL: '',
      };
      if (c.database === 'postgres') env.DATABASE_URL = await databaseUrl(c);
      const [command, args] = startCommand(c);
      const child = spawn(command, args, {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout!.on('data', d => (output += d));
      child.stderr!.on('data', d => (output += d));
      const base = `http://127.0.0.1:${port}`;
      let status = 'running';
      try {
        await waitFor(`${base}/health/live`, child, () => output);
        const ready = await fetch(`${base}/health/ready`);
        expect(ready.status).toBe(200);
        const checks = (await ready.json()).checks;
        expect(checks.store).toBe('ok');
        const created = await fetch(`${base}/v1/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: 'proof', quantity: 2 }),
        });
        expect(created.status).toBe(201);
        const item = await created.json();
        const read = await fetch(`${base}/v1/items/${item.id}`);
        expect(await read.json()).toEqual(item);
        const bad = await fetch(`${base}/v1/items`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ name: '', quantity: -1 }),
        });
        expect([400, 422]).toContain(bad.status);
        const metrics = await (await fetch(`${base}/metrics`)).text();
        expect(metrics).toMatch(
          /http_requests_total\{[^}]*route="\/v1\/items"[^}]*status="201"[^}]*\} 1/,
        );
        expect(metrics).toMatch(/http_request_duration_seconds_bucket\{/);
        let stored: unknown = 'no database';
        if (c.database === 'postgres') {
          const db = new Client({ connectionString: env.DATABASE_URL });
          await db.connect();
          stored = (await db.query('SELECT name, quantity FROM items')).rows;
          await db.end();
        }
        expect(stored).toEqual(
          c.database === 'postgres'
            ? [{ name: 'proof', quantity: 2 }]
            : 'no database',
        );
        // JSON logs: every line the service printed parses as JSON
        const lines = output.split('\n').filter(l => l.trim());
        expect(lines.length).toBeGreaterThan(0);
        for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      } finally {
        const exited = new Promise<string>(r =>
          child.once('exit', (code, signal) =>
            r(code === null ? String(signal) : String(code)),
          ),
        );
        child.kill('SIGTERM');
        status = await Promise.race([
          exited,
          new Promise<string>(r => setTimeout(() => r('timeout'), 25_000)),
        ]);
        if (status === 'timeout') child.kill('SIGKILL');
      }
      // Graceful shutdown: exit 0 (Node, Go); uvicorn finishes in-flight
      // requests, runs the lifespan shutdown and then re-raises SIGTERM, as
      // it documents. Every service logs "shutting down" first.
      expect({ status, logged: output.includes('shutting down') }).toEqual({
        status: c.language === 'python' ? 'SIGTERM' : '0',
        logged: true,
      });
    });
  },
);
