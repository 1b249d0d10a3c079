#!/usr/bin/env bash
# SLO benchmark against a real Prometheus (Debian's package): 50 SLOs, two
# days of seeded history, the generated recording rules. Writes
# bench/results/slo.json ({"queries_per_slo_view", "slo_list_p95_ms",
# "slos", "gate_p95_ms"}) and bench/results/slo-notes.txt (cold-cache
# figures). The program: test/src/slo/bench.ts. About a minute.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  echo "bench slo: Debian's prometheus package is missing (apt-get install prometheus)" >&2
  exit 1
fi
cd "$ROOT/test"
transform="$(node -p "require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [require.resolve('@backstage/cli/package.json')] })")"
ESBK_TSCONFIG_PATH="$ROOT/tsconfig.json" node --require "$transform" "$ROOT/test/src/slo/bench.ts"
