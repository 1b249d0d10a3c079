/**
 * Every rendered service (render.test.ts writes them) with its own real
 * toolchain: `make lint test build` (npm ci from package-lock.json; pip in a
 * venv from the hashed requirements + pytest; go test/build from go.sum), its
 * lint being tsc + ESLint with typescript-eslint, ruff check + ruff format
 * --check, golangci-lint (the bootstrap's build, on PATH), each shown to
 * fail on a file it refuses; then the built service starts on loopback and answers /health/ready,
 * /metrics and the example resource (against a real PostgreSQL from the test
 * harness when the database option is chosen), and stops cleanly on SIGTERM.
 * The queue adapters are proven by the services' own tests: the RabbitMQ
 * ones against a real broker this suite starts (AMQP_TEST_URL; the started
 * service then uses it too; AMQP_TEST_CTL lets them close its connections,
 * delete their queue and restart it to prove they reconnect), the SQS ones with the language's mock of the
 * SQS API (aws-sdk-client-mock, botocore's Stubber, an httptest server
 * speaking the SQS JSON protocol); the output must show that they ran. With
 * PostgreSQL, the Python store's connection pool is tested against a real
 * server too (DATABASE_TEST_URL, a database of its own).
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { Postgres, startPostgres } from '../harness/postgres';
import { freePort, runDir } from '../harness/processes';
import { COMBINATIONS, Combination, generatedPaths } from './combinations';
import { proveDashboard } from './dashboard';
import { outDir } from './paths';
import { RabbitMq, startRabbitMq } from './rabbitmq';
import { GOLANGCI_LINT_BIN, ok, run } from './tools';

jest.setTimeout(900_000);

let postgres: Postgres | undefined;
let rabbitmq: RabbitMq | undefined;
const timings: Record<string, number> = {};

beforeAll(async () => {
  const [pg, broker] = await Promise.allSettled([
    COMBINATIONS.some(c => c.database === 'postgres')
      ? startPostgres()
      : undefined,
    COMBINATIONS.some(c => c.queue === 'rabbitmq')
      ? startRabbitMq()
      : undefined,
  ]);
  // keep whichever started, so that afterAll stops it when the other failed
  if (pg.status === 'fulfilled') postgres = pg.value;
  if (broker.status === 'fulfilled') rabbitmq = broker.value;
  for (const r of [pg, broker]) if (r.status === 'rejected') throw r.reason;
});

afterAll(async () => {
  await Promise.all([postgres?.stop(), rabbitmq?.stop()]);
  fs.mkdirSync(outDir(), { recursive: true });
  fs.writeFileSync(
    path.join(outDir(), 'generated-tests-timings.json'),
    JSON.stringify(timings, null, 2),
  );
});

/**
 * The first combination of each language: its dashboard (and, for the
 * canary among them, its AnalysisTemplate's queries) is proven against
 * Prometheus.
 */
const FIRST_OF_LANGUAGE = new Set(
  (['typescript', 'python', 'go'] as const).map(
    l => COMBINATIONS.find(c => c.language === l)!,
  ),
);

/** A well-formed item id that is never stored: the services' 404. */
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** A new, empty database for the combination (suffix: one more of them). */
async function databaseUrl(c: Combination, suffix = ''): Promise<string> {
  const db = c.name.replace(/-/g, '_') + suffix;
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

/** PATH for `make`: golangci-lint of the bootstrap first (the Go Makefile takes it from PATH). */
const lintPath = () => `${GOLANGCI_LINT_BIN}:${process.env.PATH}`;

/** Lines `make lint` prints when each language's linters ran and passed. */
const LINT_OUTPUT: Record<Combination['language'], string[]> = {
  typescript: ['tsc --noEmit -p tsconfig.json && eslint .'],
  python: [
    'ruff check app tests',
    'All checks passed!',
    'ruff format --check app tests',
    'files already formatted',
  ],
  go: ['golangci-lint run ./...', '0 issues.'],
};

/**
 * A file each language's linter refuses, put beside the code for one `make
 * lint`: proof that the Makefile runs the linter, not only the compiler.
 */
const LINT_PROBE: Record<
  Combination['language'],
  { file: string; text: string; findings: RegExp[] }
> = {
  // valid TypeScript that ESLint refuses (tsc accepts it)
  typescript: {
    file: 'src/lint-probe.ts',
    text: 'let probe = 1;\nexport default probe;\n',
    findings: [/lint-probe\.ts/, /prefer-const/],
  },
  // valid Python that ruff check accepts and ruff format would change
  python: {
    file: 'app/lint_probe.py',
    text: 'probe = {  "a":1 }\n',
    findings: [/lint_probe\.py/, /1 file would be reformatted/],
  },
  // valid, unformatted Go
  go: {
    file: 'internal/app/lint_probe.go',
    text: 'package app\n\nvar  LintProbe = 1\n',
    findings: [/lint_probe\.go/, /\(gofmt\)/],
  },
};

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
      const env: NodeJS.ProcessEnv = { CI: 'true', PATH: lintPath() };
      // the PostgreSQL store's own tests (the Python connection pool's)
      if (c.database === 'postgres') {
        env.DATABASE_TEST_URL = await databaseUrl(c, '_unit');
      }
      if (c.queue === 'rabbitmq') {
        env.AMQP_TEST_URL = rabbitmq!.url;
        // the reconnect tests close connections and restart the broker app
        env.AMQP_TEST_CTL = rabbitmq!.ctl;
      }
      // test names in the output
      if (c.language === 'go') env.GOFLAGS = '-v';
      if (c.language === 'python') env.PYTEST_ADDOPTS = '-vv'; // -q in the Makefile
      const started = Date.now();
      const res = await ok('make', args, { cwd: dir, env });
      timings[c.name] = Math.round((Date.now() - started) / 100) / 10;
      const summary = {
        typescript: /# pass [1-9]\d*\n# fail 0/,
        python: /\d+ passed/,
        go: /ok\s+\S+\/internal\/app/,
      }[c.language];
      expect(res.stdout).toMatch(summary);
      // the service's own linters ran (and found nothing)
      for (const line of LINT_OUTPUT[c.language]) {
        expect(res.stdout).toContain(line);
      }
      // the queue adapters' own tests ran (none skipped)
      const queueTests = {
        typescript: {
          sqs: ['SqsQueue (SQS client mocked with aws-sdk-client-mock)'],
          rabbitmq: [
            'RabbitQueue (against a real RabbitMQ broker)',
            'RabbitQueue reconnects (against a real RabbitMQ broker)',
          ],
          none: ['InMemoryQueue'],
        },
        python: {
          sqs: [
            'test_queue.py::test_publish_sends_one_message_with_the_json_body PASSED',
            'test_queue.py::test_poll_once_handles_messages_and_deletes_only_the_processed_ones PASSED',
            'test_queue.py::test_ping_asks_for_the_queue_arn_and_fails_when_sqs_refuses PASSED',
          ],
          rabbitmq: [
            'test_queue.py::test_publishes_and_consumes_through_the_broker_in_order PASSED',
            'test_queue.py::test_keeps_messages_published_while_no_consumer_runs PASSED',
            'test_queue.py::test_fails_to_connect_where_no_broker_listens PASSED',
            'test_queue.py::test_reconnect_delays_double_up_to_the_cap_with_jitter PASSED',
            'test_queue.py::test_reconnects_after_the_broker_closed_its_connection PASSED',
            'test_queue.py::test_declares_the_queue_again_when_the_broker_deleted_it PASSED',
            'test_queue.py::test_fails_fast_while_the_broker_is_stopped_recovers_and_closes_while_reconnecting PASSED',
          ],
          none: [
            'test_queue.py::test_delivers_published_messages_to_the_consumer PASSED',
          ],
        },
        go: {
          sqs: [
            '--- PASS: TestSQSQueuePublishSendsOneMessage',
            '--- PASS: TestSQSQueuePollOnceDeletesOnlyProcessedMessages',
            '--- PASS: TestSQSQueueConsumesUntilClosed',
            '--- PASS: TestSQSQueuePingFailsWhenSQSRefuses',
          ],
          rabbitmq: [
            '--- PASS: TestRabbitQueuePublishesAndConsumesThroughTheBroker',
            '--- PASS: TestRabbitQueueKeepsMessagesWithoutAConsumer',
            '--- PASS: TestRabbitQueueReconnectsAfterTheBrokerClosedTheConnection',
            '--- PASS: TestRabbitQueueDeclaresTheQueueAgainWhenTheBrokerDeletedIt',
            '--- PASS: TestRabbitQueueFailsFastWhileTheBrokerIsStoppedAndRecovers',
            '--- PASS: TestRabbitQueueFailsWithoutABroker',
          ],
          none: [],
        },
      }[c.language][c.queue];
      for (const name of queueTests) expect(res.stdout).toContain(name);
      // the Python store: opened at start-up, closed at shutdown; with
      // PostgreSQL, a connection pool proven against the real server
      const storeTests =
        c.language !== 'python'
          ? []
          : [
              'test_app.py::test_opens_the_store_at_start_up_and_closes_it_at_shutdown PASSED',
              'test_items.py::test_memory_store_creates_reads_and_lists PASSED',
              ...(c.database === 'postgres'
                ? [
                    'test_items.py::test_pool_opens_creates_the_table_and_stores_items PASSED',
                    'test_items.py::test_concurrent_requests_share_at_most_max_size_connections PASSED',
                    'test_items.py::test_replaces_a_connection_the_server_closed PASSED',
                    'test_items.py::test_close_closes_every_connection PASSED',
                    'test_items.py::test_open_fails_when_the_database_cannot_be_reached PASSED',
                  ]
                : []),
            ];
      for (const name of storeTests) expect(res.stdout).toContain(name);
      expect(res.stdout).not.toMatch(
        { typescript: /# SKIP\b/, python: /SKIPPED/, go: /--- SKIP/ }[
          c.language
        ],
      );
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
        // never reach AWS from a test; RabbitMQ is the suite's own broker
        QUEUE_URL: '',
        AMQP_URL: c.queue === 'rabbitmq' ? rabbitmq!.url : '',
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
        // with RabbitMQ, readiness asks the suite's real broker
        expect(checks.queue).toBe(c.queue === 'none' ? undefined : 'ok');
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
        // request ids: the caller's X-Request-Id is echoed and logged, else a new one
        expect(read.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{32,36}$/);
        const traced = await fetch(`${base}/v1/items/${item.id}`, {
          headers: { 'x-request-id': 'test-123' },
        });
        expect(traced.status).toBe(200);
        expect(traced.headers.get('x-request-id')).toBe('test-123');
        const missing = await fetch(`${base}/v1/items/${MISSING_ID}`);
        expect(missing.status).toBe(404);
        // the dashboard (one service per language): every panel's query
        // returns data from a real Prometheus scraping this service with
        // its generated rules
        const traffic = async () => {
          await (await fetch(`${base}/v1/items`)).text();
          await (await fetch(`${base}/v1/items/${MISSING_ID}`)).text();
        };
        const proof = FIRST_OF_LANGUAGE.has(c)
          ? await proveDashboard({
              dir,
              files: generatedPaths(c),
              tmpDir: runDir(`template-dashboard-${c.name}`),
              name: c.name,
              target: `127.0.0.1:${port}`,
              traffic,
            })
          : undefined;
        const analysed = (proof?.targets ?? []).filter(t =>
          t.panel.startsWith('AnalysisTemplate'),
        ).length;
        expect(
          proof
            ? { enough: proof.targets.length >= 12, empty: proof.empty }
            : { enough: true, empty: [] },
        ).toEqual({ enough: true, empty: [] });
        // the canary's two burn rates (kustomize canaries; a chart's
        // AnalysisTemplate equals the kustomize one: helm.test.ts)
        expect(analysed).toBe(
          proof && c.release === 'canary' && c.packaging === 'kustomize'
            ? 2
            : 0,
        );
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
        // one line per request, with the request id the caller sent
        const logged = async () =>
          output
            .split('\n')
            .filter(l => l.trim().startsWith('{'))
            .map(l => JSON.parse(l))
            .find(l => l.request_id === 'test-123');
        const deadline = Date.now() + 10_000;
        while (!(await logged()) && Date.now() < deadline) {
          await new Promise(r => setTimeout(r, 100));
        }
        expect(await logged()).toMatchObject({
          level: expect.stringMatching(/^info$/i),
          msg: 'request',
          method: 'GET',
          path: `/v1/items/${item.id}`,
          status: 200,
          duration_ms: expect.any(Number),
        });
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

describe.each(['typescript', 'python', 'go'] as const)(
  "the %s services' make lint",
  language => {
    // the first combination of the language, after its make lint test build above
    const c = COMBINATIONS.find(o => o.language === language)!;
    const dir = path.join(outDir(), c.name);

    it('fails on a file its linter refuses, naming it', async () => {
      const probe = LINT_PROBE[language];
      const file = path.join(dir, probe.file);
      fs.writeFileSync(file, probe.text);
      try {
        const args = ['lint'];
        if (language === 'python') args.push(`VENV=${pythonVenv()}`);
        const res = await run('make', args, {
          cwd: dir,
          env: { CI: 'true', PATH: lintPath() },
        });
        const output = `${res.stdout}\n${res.stderr}`;
        expect(res.code).not.toBe(0);
        for (const finding of probe.findings) expect(output).toMatch(finding);
      } finally {
        fs.rmSync(file, { force: true });
      }
    });
  },
);
