#!/usr/bin/env bash
# Runway's EKS backend vs the stock @backstage/plugin-kubernetes-backend on
# the same local API servers (scripts/k8s), in one run: apiserver requests
# per minute with 20 entity pages open (counted per user in the apiserver's
# audit log), entity workloads p95, p95 with one of five clusters black-holed
# (a listening socket that never answers; the peer is capped at 15 s per
# request), and Runway's cluster overview p95 with 5,000 pods on 300 kwok
# nodes. Then, on a cluster of its own (eks-scale.test.ts), organisation
# scale: the cache's heap per 10,000 pods and the overview p95 with 20,000
# pods on 1,000 kwok nodes (EKS_BENCH_SCALE_PODS / EKS_BENCH_SCALE_NODES).
# Writes bench/results/eks.json (the benchmark keys) and
# bench/results/eks-notes.txt. About 6 minutes, plus 10 to 20 for the scale run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
state="$(mktemp -d "${TMPDIR:-/tmp}/runway-eks-bench.XXXXXX")"
trap '"$ROOT/scripts/k8s/cluster.sh" down "$state/staging" || true; "$ROOT/scripts/k8s/cluster.sh" down "$state/big" || true; "$ROOT/scripts/k8s/cluster.sh" down "$state/scale" || true; rm -rf "$state"' EXIT
port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
up() { # dir: apiserver and etcd on free loopback ports
  local p e
  p=$(port); e=$(port)
  "$ROOT/scripts/k8s/cluster.sh" up "$1" "$p" "$e" >&2
  echo "https://127.0.0.1:$p"
}
export RUNWAY_K8S_AUDIT=1
staging_url=$(up "$state/staging")
export RUNWAY_K8S_AUDIT=0
node scripts/k8s/fixtures.mjs "$state/staging" eks-staging-euw1
big_url=$(up "$state/big")
export EKS_BENCH_STAGING="$state/staging|$staging_url" EKS_BENCH_BIG="$state/big|$big_url"

cd test
rm -f "$ROOT"/bench/results/.eks-{ours,peer,scale}.json
yarn backstage-cli package test --runInBand --watchAll=false src/bench/eks-ours.test.ts
# the stock backend imports the ESM build of @kubernetes/client-node at run time
NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" \
  yarn backstage-cli package test --runInBand --watchAll=false src/bench/eks-peer.test.ts
cd "$ROOT"
# organisation scale on a fresh cluster, with the others stopped
"$ROOT/scripts/k8s/cluster.sh" down "$state/big"
"$ROOT/scripts/k8s/cluster.sh" down "$state/staging"
scale_url=$(up "$state/scale")
export EKS_BENCH_SCALE="$state/scale|$scale_url"
(cd test && yarn backstage-cli package test --runInBand --watchAll=false src/bench/eks-scale.test.ts)
node -e '
  const fs = require("fs");
  const ours = JSON.parse(fs.readFileSync("bench/results/.eks-ours.json", "utf8"));
  const peer = JSON.parse(fs.readFileSync("bench/results/.eks-peer.json", "utf8"));
  const scale = JSON.parse(fs.readFileSync("bench/results/.eks-scale.json", "utf8"));
  const r = { ...ours.results, ...peer.results, ...scale.results };
  const keys = ["apiserver_requests_per_min_20_pages", "peer_apiserver_requests_per_min_20_pages",
    "overview_p95_ms_5000_pods", "workloads_p95_ms", "peer_workloads_p95_ms",
    "one_dead_of_5_p95_ms", "peer_one_dead_of_5_p95_ms",
    "cache_mb_per_10k_pods", "overview_p95_ms_20000_pods"];
  fs.writeFileSync("bench/results/eks.json", JSON.stringify(Object.fromEntries(keys.map(k => [k, r[k]])), null, 2) + "\n");
  fs.writeFileSync("bench/results/eks-notes.txt", [...ours.notes, ...peer.notes, ...scale.notes].join("\n") + "\n");
  for (const h of ["ours", "peer", "scale"]) fs.rmSync(`bench/results/.eks-${h}.json`);'
cat bench/results/eks.json bench/results/eks-notes.txt
