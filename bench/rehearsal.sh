#!/usr/bin/env bash
# Load and failover on the production rehearsal: the backend built as the
# image builds it (scripts/rehearsal/build-image.sh), two NODE_ENV=production
# replicas behind haproxy on PostgreSQL and Redis, with moto, two local
# clusters, Prometheus and OIDC (test/src/rehearsal/environment.ts). Then
# 50 req/s on each of the catalog, cost, SLO and EKS APIs at once (200 req/s
# in all) for 5 minutes, each signed in through OIDC as the persona who reads
# it; halfway through, one replica is killed (SIGKILL) and started again.
# Writes bench/results/rehearsal.json and bench/results/rehearsal-notes.txt.
# The program: test/src/load/rehearsalLoad.ts.
#
#   BENCH_SECONDS=30 bench/rehearsal.sh   short run (default 300)
#   BENCH_RATE=50                         requests per second per API
#   BENCH_WARMUP_SECONDS=30               warm-up at the same load, not measured
#   BENCH_KILL_AT=0.5                     when in the run the replica is killed
#
# About 8 minutes: 1 to 2 to build, 1 to start and sync, 30 s of warm-up, 5 of load.
# Stops every process it started, also when interrupted or failing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" --test >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

[ -f packages/app/dist/index.html ] || yarn workspace app build
# An image folder of its own, so a `make rehearse` or rehearsal suite running
# from .runway/rehearsal/image is not rebuilt under its feet.
IMAGE="$ROOT/.runway/bench/rehearsal-image"
mkdir -p "$ROOT/test-results/logs"
image_log="$ROOT/test-results/logs/rehearsal-bench-image.log"
# packages/backend/dist is rewritten by every backend build: a build running
# at the same time elsewhere can take the bundle away mid-copy, so one retry
if ! scripts/rehearsal/build-image.sh "$IMAGE" >"$image_log" 2>&1; then
  echo "rehearsal bench: the image build failed once; building again" >&2
  sleep 10
  if ! scripts/rehearsal/build-image.sh "$IMAGE" >>"$image_log" 2>&1; then
    echo "rehearsal bench: the image did not build (see test-results/logs/rehearsal-bench-image.log)" >&2
    exit 1
  fi
fi

RUNWAY_TEST_TMP="$(mktemp -d "${TMPDIR:-/tmp}/runway-rehearsal-bench.XXXXXX")"
export RUNWAY_TEST_TMP
prog=""
cleanup() {
  if [ -n "$prog" ] && kill -0 "$prog" 2>/dev/null; then
    # the program stops the rehearsal on TERM; then its whole process group goes
    kill -TERM "$prog" 2>/dev/null || true
    for _ in $(seq 1 90); do kill -0 "$prog" 2>/dev/null || break; sleep 0.5; done
    kill -KILL -- "-$prog" 2>/dev/null || true
  fi
  # clusters run outside the program's process group (scripts/k8s/cluster.sh)
  for dir in "$RUNWAY_TEST_TMP"/kube-*; do
    if [ -d "$dir" ]; then "$ROOT/scripts/k8s/cluster.sh" down "$dir" || true; fi
  done
  mkdir -p "$ROOT/test-results/logs/rehearsal-bench"
  for log in "$RUNWAY_TEST_TMP"/rehearsal-bench/replica-*/backend.log; do
    if [ -f "$log" ]; then cp "$log" "$ROOT/test-results/logs/rehearsal-bench/$(basename "$(dirname "$log")").log"; fi
  done
  rm -rf "$RUNWAY_TEST_TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

transform="$(node -p "require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [require.resolve('@backstage/cli/package.json')] })")"
ESBK_TSCONFIG_PATH="$ROOT/tsconfig.json" setsid node --require "$transform" \
  "$ROOT/test/src/load/rehearsalLoad.ts" "$IMAGE" &
prog=$!
code=0
wait "$prog" || code=$?
prog=""
[ "$code" = 0 ] || exit "$code"
cat "$ROOT/bench/results/rehearsal.json"
