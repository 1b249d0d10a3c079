#!/usr/bin/env bash
# `make dev`: starts Runway's two sample clusters, eks-staging-euw1 on
# https://127.0.0.1:16443 and eks-production-euw1 on https://127.0.0.1:16444
# (etcd on 12379-12382; kwok's kubelet API for container logs on 16445 and
# 16446), loads their sample workloads and keeps them running until make dev
# stops. A service created from the template is deployed to them with
# scripts/k8s/deploy-service.sh <name>. State: .runway/k8s/<cluster>/ (ca.crt, reader.token
# that app-config.development.yaml's `eks:` section points at).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/k8s/versions.sh
source "$ROOT/scripts/k8s/versions.sh"
say() { echo "dev eks: $*"; }

if [ ! -f "$KUBE_TOOLS_DIR/.complete" ]; then
  say "skipping the local clusters: the control plane is not built (needs Go; scripts/bootstrap builds it, or run scripts/k8s/build.sh). Clusters will show as unreachable."
  exit 0
fi
if ! command -v etcd >/dev/null; then
  say "skipping the local clusters: etcd is missing (apt-get install etcd-server). Clusters will show as unreachable."
  exit 0
fi

STATE="$ROOT/.runway/k8s"
# Fixed dev-only tokens for loopback clusters (app-config.development.yaml reads the files).
export RUNWAY_K8S_ADMIN_TOKEN=runway-dev-admin RUNWAY_K8S_READER_TOKEN=runway-dev-reader
stop() {
  "$ROOT/scripts/k8s/cluster.sh" down "$STATE/eks-staging-euw1"
  "$ROOT/scripts/k8s/cluster.sh" down "$STATE/eks-production-euw1"
}
trap stop EXIT
trap 'exit 0' INT TERM

# Staging also gets the Argo CD and Argo Rollouts CRDs and their samples
# (storefront-web mid-canary) when scripts/bootstrap --test fetched them.
argo_crds=""
[ -f "$ARGO_CRDS_DIR/.complete" ] && argo_crds="$ARGO_CRDS_DIR"
up() { # cluster port etcd-port kubelet-port [argo-crds-dir]
  "$ROOT/scripts/k8s/cluster.sh" up "$STATE/$1" "$2" "$3" "$4" &&
    RUNWAY_K8S_ARGO_CRDS="${5:-}" node "$ROOT/scripts/k8s/fixtures.mjs" "$STATE/$1" "$1" &&
    say "$1 ready on https://127.0.0.1:$2${5:+ (with the Argo CRDs)}"
}
say "starting eks-staging-euw1 (:16443) and eks-production-euw1 (:16444)"
up eks-staging-euw1 16443 12379 16445 "$argo_crds" & a=$!
up eks-production-euw1 16444 12381 16446 & b=$!
wait "$a" || say "eks-staging-euw1 failed to start (logs in .runway/k8s/eks-staging-euw1/logs)"
wait "$b" || say "eks-production-euw1 failed to start (logs in .runway/k8s/eks-production-euw1/logs)"
# keep running until make dev stops this process group
while true; do sleep 3600 & wait $!; done
