#!/usr/bin/env bash
# Runway's EKS backend vs the stock @backstage/plugin-kubernetes-backend on
# the same local API servers (scripts/k8s), in one run: apiserver requests
# per minute with 20 entity pages open (counted in the apiserver's audit
# log), workloads p95, p95 with one of five clusters black-holed (peer capped
# at 15 s per request), and the cluster overview p95 with 5,000 pods on 300
# kwok nodes. Writes bench/results/eks.json (keys of issue 8) and
# bench/results/eks-notes.txt. About 6 minutes.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap" >/dev/null
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
cd test
yarn backstage-cli package test --runInBand --watchAll=false src/bench/eks.test.ts
cat "$ROOT/bench/results/eks.json"
