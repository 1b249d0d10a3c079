#!/usr/bin/env bash
# `make dev`: the SLO plugin's local Prometheus on 127.0.0.1:19090 with
# generated sample history for the sample services (checkout-api burning its
# availability budget, inventory-api's latency at risk, storefront-web
# healthy), the generated SLO rules, and a live scrape of Runway's backend
# (/metrics on 127.0.0.1:7007). Runs in the foreground until make dev stops.
# The program: test/src/slo/dev.ts. State: .runway/slo-prometheus/.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
say() { echo "dev slo: $*"; }

if ! command -v prometheus >/dev/null || ! command -v promtool >/dev/null; then
  say "skipping the local Prometheus: Debian's prometheus package is missing (apt-get install prometheus, or run scripts/bootstrap as root). SLOs will show 'Prometheus unreachable'."
  exit 0
fi
if (exec 3<>/dev/tcp/127.0.0.1/19090) 2>/dev/null; then
  say "skipping: something already listens on 127.0.0.1:19090 (a Prometheus from an earlier make dev?)"
  exit 0
fi
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd "$ROOT/test"
transform="$(node -p "require.resolve('@backstage/cli-node/config/nodeTransform.cjs', { paths: [require.resolve('@backstage/cli/package.json')] })")"
ESBK_TSCONFIG_PATH="$ROOT/tsconfig.json" exec node --require "$transform" "$ROOT/test/src/slo/dev.ts"
