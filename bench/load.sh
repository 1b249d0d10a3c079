#!/usr/bin/env bash
# Load benchmark: Runway's backend as `make dev` runs it, with its local
# services (SLO Prometheus with sample history, the two sample clusters,
# the cost sample data, the Decisions index) on free loopback ports, under a
# constant arrival rate of 50 req/s on each plugin API (slo, aws-cost, eks,
# decisions; one after another) for 5 minutes each, signed in as the development
# guest user (who holds the ops and manager roles there). Samples the
# backend's RSS from /proc. Writes bench/results/load.json and
# bench/results/load-notes.txt. The program: test/src/load/load.ts.
#
#   LOAD_SECONDS=20 bench/load.sh        quick smoke run (default 300 per plugin)
#   LOAD_MODE=concurrent bench/load.sh   all four plugins at once (200 req/s)
#   LOAD_RATE=50                         requests per second per plugin
#
# The backend gets production's heap ceiling (NODE_OPTIONS from k8s/base).
# A 60-second warm-up comes first (LOAD_WARMUP_SECONDS), reported on its
# own. About 22 minutes (1 of them starting the services). Stops every
# process it started, also when interrupted or failing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

RUNWAY_TEST_TMP="$(mktemp -d "${TMPDIR:-/tmp}/runway-load.XXXXXX")"
export RUNWAY_TEST_TMP
prog=""
cleanup() {
  if [ -n "$prog" ] && kill -0 "$prog" 2>/dev/null; then
    # the program stops its services on TERM; then its whole process group goes
    kill -TERM "$prog" 2>/dev/null || true
    for _ in $(seq 1 60); do kill -0 "$prog" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$prog" 2>/dev/null || true
  fi
  # clusters run outside the program's process group (scripts/k8s/cluster.sh)
  for dir in "$RUNWAY_TEST_TMP"/kube-*; do
    if [ -d "$dir" ]; then "$ROOT/scripts/k8s/cluster.sh" down "$dir" || true; fi
  done
  mkdir -p "$ROOT/test-results/logs/load"
  cp "$RUNWAY_TEST_TMP"/load-backend/{backend.log,heap.jsonl} "$ROOT/test-results/logs/load/" 2>/dev/null || true
  rm -rf "$RUNWAY_TEST_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The backend runs with production's heap ceiling: NODE_OPTIONS of the
# runway-backend-env ConfigMap in k8s/base (LOAD_NODE_OPTIONS overrides it;
# LOAD_NODE_OPTIONS= runs with Node's default heap sizing, as `make dev` does).
prod_node_options="$(sed -n 's/^ *- NODE_OPTIONS=//p' "$ROOT/k8s/base/kustomization.yaml")"
export NODE_OPTIONS="${LOAD_NODE_OPTIONS-$prod_node_options}"
echo "load: backend NODE_OPTIONS=${NODE_OPTIONS:-<none>}"

cd "$ROOT/test"
transform="$(node -p "require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [require.resolve('@backstage/cli/package.json')] })")"
ESBK_TSCONFIG_PATH="$ROOT/tsconfig.json" setsid node --require "$transform" "$ROOT/test/src/load/load.ts" &
prog=$!
code=0
wait "$prog" || code=$?
prog=""
[ "$code" = 0 ] || exit "$code"
cat "$ROOT/bench/results/load.json"
