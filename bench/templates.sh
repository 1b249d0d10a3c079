#!/usr/bin/env bash
# Template benchmark: renders every combination of the microservice template
# through the real backend's dry-run API (test/src/template/render.test.ts)
# and runs each generated service's own `make lint test build` with its real
# toolchain (services.test.ts, warm npm/pip/Go caches). Writes
# bench/results/templates.json:
#   {"dry_run_ms_max": <slowest dry run, ms>, "combinations": <n>,
#    "generated_tests_s_max": <slowest make lint test build, s>,
#    "upgrade_ms": <one service's upgrade: render both versions, merge, push
#                   the branch (upgrade.test.ts, local repositories), ms>,
#    "upgrade_conflict_files": <conflicting files of the fixture's upgrade>,
#    "upgrade_files_changed_on_both_sides": <what it must equal>}
# Target: dry_run_ms_max <= 5000. A few minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
# RUNWAY_BENCH_NO_BOOTSTRAP=1 skips the bootstrap (tools already installed).
[ "${RUNWAY_BENCH_NO_BOOTSTRAP:-0}" = 1 ] || "$ROOT/scripts/bootstrap" --test >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
out="$(mktemp -d "${TMPDIR:-/tmp}/runway-bench-templates.XXXXXX")"
trap 'rm -rf "$out"' EXIT
export RUNWAY_TEMPLATE_OUT="$out" RUNWAY_TEST_TMP="$out"
for suite in render services upgrade; do
  yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false \
    "src/template/$suite.test.ts" > "$out/$suite.log" 2>&1 ||
    { tail -n 40 "$out/$suite.log" >&2; exit 1; }
done
mkdir -p "$ROOT/bench/results"
node -e '
const fs = require("fs");
const dry = JSON.parse(fs.readFileSync(process.argv[1] + "/dry-run-timings.json", "utf8"));
const tests = JSON.parse(fs.readFileSync(process.argv[1] + "/generated-tests-timings.json", "utf8"));
const upgrade = JSON.parse(fs.readFileSync(process.argv[1] + "/upgrade.json", "utf8"));
const result = {
  dry_run_ms_max: Math.max(...Object.values(dry)),
  combinations: Object.keys(dry).length,
  generated_tests_s_max: Math.max(...Object.values(tests)),
  upgrade_ms: upgrade.upgrade_ms,
  upgrade_conflict_files: upgrade.upgrade_conflict_files,
  upgrade_files_changed_on_both_sides: upgrade.files_changed_on_both_sides,
};
fs.writeFileSync(process.argv[2], JSON.stringify(result, null, 2) + "\n");
console.log(JSON.stringify(result));
' "$out" "$ROOT/bench/results/templates.json"
