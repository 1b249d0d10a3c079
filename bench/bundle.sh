#!/usr/bin/env bash
# Frontend bundle benchmark: what each Runway frontend plugin adds to the
# app's entry (initial) chunks in gzip KB, and the gzip size of every lazy
# chunk its pages, entity content and addons load. Builds the app once
# (production, as `yarn workspace app build` does, plus the bundler's stats)
# into .runway/bench/bundle/ (reused while its inputs are unchanged;
# BUNDLE_REBUILD=1 forces a build), then attributes the build
# (bench/bundle-report.mjs explains how). BUNDLE_CROSSCHECK=1 also builds
# the app without each Runway frontend package (about 1 minute each) and
# reports the measured difference beside the attribution. Writes bench/results/bundle.json
# and bench/results/bundle-notes.txt. A build takes about 3 minutes on
# 2 cores; the report about 30 s.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
out="$ROOT/.runway/bench/bundle"
mkdir -p "$out"
node --max-old-space-size=6144 "$ROOT/bench/bundle-build.cjs" "$out"
if [ "${BUNDLE_CROSSCHECK:-0}" = 1 ]; then
  # the attribution checked against real builds: the app without each
  # Runway frontend package, against the same copy-based build with all
  plugins="$(node -e '
    const deps = Object.keys(require("./packages/app/package.json").dependencies);
    for (const d of deps.filter(d => d.startsWith("@runway/"))) {
      const role = require(require.resolve(d + "/package.json")).backstage?.role;
      if (["frontend-plugin", "frontend-plugin-module"].includes(role)) console.log(d);
    }')"
  node "$ROOT/bench/bundle-build.cjs" "$out-without/none" --without none
  for p in $plugins; do
    node "$ROOT/bench/bundle-build.cjs" "$out-without/${p//[^a-zA-Z0-9-]/_}" --without "$p"
  done
fi
node --max-old-space-size=6144 "$ROOT/bench/bundle-report.mjs" "$out"
cat "$ROOT/bench/results/bundle.json"
