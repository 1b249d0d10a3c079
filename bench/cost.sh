#!/usr/bin/env bash
# Runway's cost backend against the peer @aws/cost-insights-plugin-for-backstage-backend
# 0.8.0 on the same mocked Cost Explorer, in one run: Cost Explorer calls for
# 10,000 entity views over 200 entities after a sync and for 100 concurrent
# cold requests; dashboard API p95 at 50 req/s (autocannon, loopback) on
# 2 years x 60 services x 20 AWS services x 3 environments of daily rows on
# SQLite and on a throwaway PostgreSQL; a 1 M-row FOCUS import (rows/s and
# peak RSS of the importing process). Writes bench/results/cost.json (exactly
# the benchmark keys) and bench/results/cost-notes.txt. About 10 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

# The peer as published on npm does not install (backstage:^ specifiers, two
# unpublished @aws packages): unpack it and give it minimal stand-ins for the
# two missing packages (annotation constants, a user-agent string, an
# annotation helper); everything else resolves from Runway's node_modules.
peer="$ROOT/.runway/bench/peer"
plugin="$peer/node_modules/@aws/cost-insights-plugin-for-backstage-backend"
if [ ! -f "$plugin/package.json" ]; then
  rm -rf "$peer"
  mkdir -p "$peer/pack"
  npm install --silent --no-save --no-package-lock --prefix "$peer" regression@2.0.1 >/dev/null
  (cd "$peer/pack" && npm pack --silent @aws/cost-insights-plugin-for-backstage-backend@0.8.0 >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$peer/node_modules/@aws"
  mv "$peer/pack/package" "$plugin"
  rm -rf "$peer/pack"
  core="$peer/node_modules/@aws/aws-core-plugin-for-backstage-common"
  mkdir -p "$core"
  echo '{"name":"@aws/aws-core-plugin-for-backstage-common","version":"0.8.0","main":"index.js"}' > "$core/package.json"
  cat > "$core/index.js" <<'JS'
exports.AWS_SDK_CUSTOM_USER_AGENT = 'aws-backstage-plugins/bench-stand-in';
exports.getOneOfEntityAnnotations = (entity, names) => {
  const annotations = (entity.metadata && entity.metadata.annotations) || {};
  for (const name of names) {
    if (annotations[name]) return { name, value: annotations[name] };
  }
  return undefined;
};
JS
  common="$peer/node_modules/@aws/cost-insights-plugin-for-backstage-common"
  mkdir -p "$common"
  echo '{"name":"@aws/cost-insights-plugin-for-backstage-common","version":"0.4.0","main":"index.js"}' > "$common/package.json"
  cat > "$common/index.js" <<'JS'
exports.COST_INSIGHTS_AWS_TAGS_ANNOTATION = 'aws.amazon.com/cost-insights-tags';
exports.COST_INSIGHTS_AWS_COST_CATEGORY_ANNOTATION = 'aws.amazon.com/cost-insights-cost-category';
JS
fi

cd plugins/aws-cost-backend
RUNWAY_BENCH=1 yarn backstage-cli package test --runInBand --watchAll=false src/bench/cost.bench.test.ts "$@"
cat "$ROOT/bench/results/cost.json"
