// Sums the results that scripts/test collected and prints one closing line:
// "N passed, N failed" (", N skipped" when any were). Exits 1 on any failure.
//
// Reads from the results folder given as the first argument:
//   suites/<name>.json        {passed, failed, skipped} for whole-step checks
//   suites/<name>.jest.json   Jest --json reports
//   suites/<name>.exit        the exit code of a Jest or Playwright run
//   <name>/results.json       the Playwright JSON reports (e2e, rehearsal)
// Each failed test is named, with the first lines of its error, just above
// the closing line, so that the end of a long log says what failed.
// A run that exited non-zero counts at least one failure even when its
// report shows none (an error in afterAll, a crash, no tests found).
import fs from 'node:fs';
import path from 'node:path';

const results = process.argv[2];
const suitesDir = path.join(results, 'suites');

function readJson(file) {
  return fs.existsSync(file)
    ? JSON.parse(fs.readFileSync(file, 'utf8'))
    : undefined;
}

function exitCode(name) {
  const file = path.join(suitesDir, `${name}.exit`);
  return fs.existsSync(file) ? Number(fs.readFileSync(file, 'utf8').trim()) : 0;
}

function fromJest(report) {
  if (!report) {
    return { passed: 0, failed: 1, skipped: 0 };
  }
  // A suite that failed to run (syntax error, failed import) has no test
  // results of its own: count it as one failure.
  const brokenSuites = report.testResults.filter(
    r => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  return {
    passed: report.numPassedTests,
    failed:
      report.numFailedTests +
      brokenSuites +
      (report.numTotalTests === 0 ? 1 : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function fromPlaywright(report) {
  if (!report) {
    return { passed: 0, failed: 1, skipped: 0 };
  }
  const {
    expected = 0,
    unexpected = 0,
    flaky = 0,
    skipped = 0,
  } = report.stats ?? {};
  return {
    passed: expected + flaky,
    // Errors outside tests (global setup) fail the run without failing a test.
    failed: unexpected + (report.errors?.length ?? 0),
    skipped,
  };
}

// Whole-step checks write <name>.json; Jest runs a report and an exit code;
// the Playwright runs (e2e, rehearsal) their own report in <name>/results.json.
const PLAYWRIGHT = new Set(['e2e', 'rehearsal']);
function countsOf(name) {
  const summary = path.join(suitesDir, `${name}.json`);
  if (fs.existsSync(summary)) {
    return readJson(summary);
  }
  if (PLAYWRIGHT.has(name)) {
    return fromPlaywright(readJson(path.join(results, name, 'results.json')));
  }
  return fromJest(readJson(path.join(suitesDir, `${name}.jest.json`)));
}

const rows = [];
const names = new Set(
  fs.readdirSync(suitesDir).map(f => f.replace(/(\.jest)?\.(json|exit)$/, '')),
);
for (const name of [...names].sort()) {
  let counts = countsOf(name);
  if (exitCode(name) !== 0 && counts.failed === 0) {
    counts = { ...counts, failed: 1 };
  }
  rows.push([name, counts]);
}

// "suite › file › test" and the first lines of the error, for every failure
// the reports name.
function firstLines(text, n = 4) {
  return (
    String(text ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .map(l => l.trimEnd())
      .filter(l => l.trim() !== '')
      .slice(0, n)
      .map(l => `      ${l.trim().slice(0, 200)}`)
  );
}

function jestFailures(name, report) {
  const out = [];
  for (const file of report?.testResults ?? []) {
    const rel = path.relative(process.cwd(), file.name);
    const failed = file.assertionResults.filter(a => a.status === 'failed');
    for (const a of failed) {
      out.push(`    ${name} › ${rel} › ${a.fullName ?? a.title}`);
      out.push(...firstLines(a.failureMessages?.join('\n')));
    }
    if (file.status === 'failed' && failed.length === 0) {
      out.push(`    ${name} › ${rel}`);
      out.push(...firstLines(file.message));
    }
  }
  return out;
}

function playwrightFailures(name, report) {
  const out = [];
  const walk = (suite, titles) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === 'unexpected') {
          const last = test.results?.[test.results.length - 1];
          out.push(`    ${name} › ${[...titles, spec.title].join(' › ')}`);
          out.push(...firstLines(last?.error?.message));
        }
      }
    }
    for (const child of suite.suites ?? []) {
      walk(child, [...titles, child.title]);
    }
  };
  for (const suite of report?.suites ?? []) {
    walk(suite, [suite.title]);
  }
  for (const error of report?.errors ?? []) {
    out.push(`    ${name} › (outside tests)`);
    out.push(...firstLines(error.message));
  }
  return out;
}

const failures = [];
for (const [name, r] of rows) {
  if (r.failed === 0) {
    continue;
  }
  const lines = PLAYWRIGHT.has(name)
    ? playwrightFailures(
        name,
        readJson(path.join(results, name, 'results.json')),
      )
    : jestFailures(name, readJson(path.join(suitesDir, `${name}.jest.json`)));
  failures.push(
    ...(lines.length
      ? lines
      : [`    ${name} (see test-results/logs/${name}.log)`]),
  );
}

const total = { passed: 0, failed: 0, skipped: 0 };
for (const [name, r] of rows) {
  console.log(
    `  ${name.padEnd(22)} ${String(r.passed).padStart(4)} passed ${String(
      r.failed,
    ).padStart(3)} failed${r.skipped ? ` ${r.skipped} skipped` : ''}`,
  );
  total.passed += r.passed;
  total.failed += r.failed;
  total.skipped += r.skipped;
}
if (rows.length === 0) {
  total.failed = 1;
}
if (failures.length) {
  console.log('  failed:');
  console.log(failures.slice(0, 60).join('\n'));
}
console.log(
  `${total.passed} passed, ${total.failed} failed${
    total.skipped ? `, ${total.skipped} skipped` : ''
  }`,
);
process.exit(total.failed > 0 ? 1 : 0);
