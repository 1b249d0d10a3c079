# shellcheck shell=bash
# Versions of the local Kubernetes control plane (sourced by scripts/k8s/*.sh).
# Changing one builds the new set beside the old one on the next bootstrap.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
KUBE_VERSION=1.34.4
KUBE_STAGING_VERSION=0.34.4
KWOK_VERSION=0.8.0
KUBE_TOOLS_DIR="${TOOLS_DIR:-$ROOT/.runway/tools}/kube-v$KUBE_VERSION"
KUBE_BIN="$KUBE_TOOLS_DIR/bin"
# kustomize for scripts/k8s/deploy-service.sh (built by scripts/bootstrap.d/eks.sh)
KUSTOMIZE_VERSION=5.7.1
KUSTOMIZE_BIN="${TOOLS_DIR:-$ROOT/.runway/tools}/kustomize-v$KUSTOMIZE_VERSION/bin/kustomize"
