#!/usr/bin/env bash
# Deploys a service generated from Runway's microservice template to a local
# `make dev` cluster: builds the kustomize overlay of an environment (default
# staging), or renders its Helm chart with the environment's values file
# (packaging: helm), and server-side applies it (field manager runway-dev-deploy) as
# the cluster's admin. kwok runs its pods (images are not pulled) and the
# service shows on its Workloads tab within seconds.
#
#   scripts/k8s/deploy-service.sh <service-name | service-repo-dir> [staging|production]
#
# A name deploys what the template published for it in development: the
# default branch of the bare repository .runway/repos/<name>.git (cloned to a
# temporary folder; $RUNWAY_REPOS_DIR overrides the folder). A directory is
# deployed as it is (a clone you changed).
# Kinds the local cluster does not serve (ExternalSecret, PrometheusRule:
# their CRDs are not installed) are skipped and listed.
#
# Needs `make dev` running (cluster state in .runway/k8s/<cluster>/, or
# $RUNWAY_K8S_CLUSTER_DIR) and kustomize: the one scripts/bootstrap builds,
# the template validators' one, or kustomize / kubectl on PATH.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/k8s/versions.sh
source "$ROOT/scripts/k8s/versions.sh"
usage="usage: $0 <service-name | service-repo-dir> [staging|production]"
target="${1:?$usage}"
env="${2:-staging}"
case "$env" in
  staging) cluster=eks-staging-euw1 ;;
  production) cluster=eks-production-euw1 ;;
  *) echo "deploy-service: environment must be staging or production" >&2; exit 2 ;;
esac

tmp=""
trap '[ -z "$tmp" ] || rm -rf "$tmp"' EXIT
if [ -d "$target" ]; then
  svc="$(cd "$target" && pwd)"
else
  case "$target" in
    *[!a-z0-9-]*|'') echo "deploy-service: '$target' is neither a folder nor a service name" >&2; exit 2 ;;
  esac
  repos="${RUNWAY_REPOS_DIR:-$ROOT/.runway/repos}"
  [ -d "$repos/$target.git" ] || {
    echo "deploy-service: no repository $repos/$target.git (create the service from the template in make dev first, or pass its folder)" >&2
    exit 1
  }
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/runway-deploy.XXXXXX")"
  git clone -q --depth 1 "file://$repos/$target.git" "$tmp/$target"
  svc="$tmp/$target"
fi
overlay="$svc/k8s/overlays/$env"
chart="$svc/chart"
[ -f "$overlay/kustomization.yaml" ] || [ -f "$chart/Chart.yaml" ] || {
  echo "deploy-service: $svc has neither k8s/overlays/$env/kustomization.yaml nor chart/Chart.yaml" >&2
  exit 1
}
state="${RUNWAY_K8S_CLUSTER_DIR:-$ROOT/.runway/k8s/$cluster}"
[ -f "$state/kubeconfig" ] || { echo "deploy-service: $cluster is not running (start make dev)" >&2; exit 1; }

build() {
  local k
  if [ -f "$chart/Chart.yaml" ]; then
    # packaging: helm: the chart with the environment's values (the
    # namespace comes from the cluster's fixtures)
    for k in "$(ls "$ROOT"/.runway/tools/helm-v*/bin/helm 2>/dev/null | tail -1 || true)" "$(command -v helm || true)"; do
      if [ -n "$k" ] && [ -x "$k" ]; then
        "$k" template "$(basename "$svc")" "$chart" --namespace "$env" --values "$chart/values-$env.yaml"
        return
      fi
    done
    echo "deploy-service: a Helm chart needs helm (scripts/bootstrap --test builds it when Go is installed, or helm on PATH)" >&2
    return 1
  fi
  for k in "$KUSTOMIZE_BIN" "$(ls "$ROOT"/.runway/tools/template-validators-*/bin/kustomize 2>/dev/null | tail -1 || true)"; do
    if [ -n "$k" ] && [ -x "$k" ]; then "$k" build "$overlay"; return; fi
  done
  if command -v kustomize >/dev/null; then kustomize build "$overlay"
  elif command -v kubectl >/dev/null; then kubectl kustomize "$overlay"
  else echo "deploy-service: needs kustomize (scripts/bootstrap builds it when Go is installed) or kubectl" >&2; return 1
  fi
}
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
manifests="$(build)"
node "$ROOT/scripts/k8s/apply.mjs" "$state" <<<"$manifests"
name="$(sed -n 's/^  name: *//p' "$svc/catalog-info.yaml" 2>/dev/null | head -1)"
echo "deploy-service: applied the $env overlay of ${name:-$svc} to $cluster (server-side apply); its Workloads tab: http://localhost:3000/catalog/default/component/${name:-<name>}/workloads" >&2
