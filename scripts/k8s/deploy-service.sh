#!/usr/bin/env bash
# Deploys a service generated from Runway's microservice template to the
# local `make dev` cluster of an environment (default staging), with a
# server-side apply of its kustomize overlay; it then shows on the service's
# Workloads tab (kwok runs the pods; images are not pulled).
#
#   scripts/k8s/deploy-service.sh <service-repo-dir> [staging|production]
#
# Needs `make dev` running (clusters in .runway/k8s/) and kustomize: the one
# the template validators built (.runway/tools/template-validators-*/bin),
# or kustomize / kubectl on PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
svc="${1:?usage: $0 <service-repo-dir> [staging|production]}"
env="${2:-staging}"
case "$env" in
  staging) cluster=eks-staging-euw1 ;;
  production) cluster=eks-production-euw1 ;;
  *) echo "deploy-service: environment must be staging or production" >&2; exit 2 ;;
esac
overlay="$svc/k8s/overlays/$env"
[ -f "$overlay/kustomization.yaml" ] || { echo "deploy-service: no $overlay/kustomization.yaml" >&2; exit 1; }
state="$ROOT/.runway/k8s/$cluster"
[ -f "$state/kubeconfig" ] || { echo "deploy-service: $cluster is not running (start make dev)" >&2; exit 1; }
build() {
  local k
  k="$(ls "$ROOT"/.runway/tools/template-validators-*/bin/kustomize 2>/dev/null | tail -1 || true)"
  if [ -n "$k" ]; then "$k" build "$overlay"
  elif command -v kustomize >/dev/null; then kustomize build "$overlay"
  elif command -v kubectl >/dev/null; then kubectl kustomize "$overlay"
  else echo "deploy-service: needs kustomize (scripts/bootstrap --test builds it) or kubectl" >&2; return 1
  fi
}
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
build | node "$ROOT/scripts/k8s/apply.mjs" "$state"
echo "deploy-service: applied $overlay to $cluster; see its Workloads tab in Runway" >&2
