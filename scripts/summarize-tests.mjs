// Sums the results that scripts/test collected and prints one closing line:
// "N passed, N failed" (", N skipped" when any were). Exits 1 on any failure.
//
// Reads from the results folder given as the first argument:
//   suites/<name>.json        {passed, failed, skipped} for whole-step checks
//   suites/<name>.jest.json   Jest --json reports
//   e2e/results.json          the Playwright JSON report
import fs from 'node:fs';
import path from 'node:path';

const results = process.argv[2];
const rows = [];

function fromJest(report) {
  // A suite that failed to run (syntax error, failed beforeAll import) has
  // no test results of its own: count it as one failure.
  const brokenSuites = report.testResults.filter(
    r => r.status === 'failed' && r.assertionResults.length === 0,
  ).length;
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + brokenSuites,
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function fromPlaywright(report) {
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

const suitesDir = path.join(results, 'suites');
for (const file of fs.readdirSync(suitesDir).sort()) {
  const data = JSON.parse(fs.readFileSync(path.join(suitesDir, file), 'utf8'));
  if (file.endsWith('.jest.json')) {
    rows.push([file.replace(/\.jest\.json$/, ''), fromJest(data)]);
  } else {
    rows.push([file.replace(/\.json$/, ''), data]);
  }
}
const e2e = path.join(results, 'e2e', 'results.json');
if (fs.existsSync(e2e)) {
  rows.push(['e2e', fromPlaywright(JSON.parse(fs.readFileSync(e2e, 'utf8')))]);
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
console.log(
  `${total.passed} passed, ${total.failed} failed${
    total.skipped ? `, ${total.skipped} skipped` : ''
  }`,
);
process.exit(total.failed > 0 ? 1 : 0);
