# Sourced by scripts/bootstrap: the local Kubernetes control plane of the EKS
# plugin (dev clusters, integration tests). Builds kube-apiserver,
# kube-controller-manager, kube-scheduler and kwok from Go modules into
# .runway/tools/kube-v<version>/ on first run (about 7 minutes cold) and
# installs Debian's etcd-server when missing; kustomize (for
# scripts/k8s/deploy-service.sh) into .runway/tools/kustomize-v<version>/. Without Go the build is
# skipped with a message: Runway still starts, without local clusters.
# shellcheck source=scripts/k8s/versions.sh
source "$ROOT/scripts/k8s/versions.sh"
eks_missing=()
command -v etcd >/dev/null || eks_missing+=(etcd-server)
command -v curl >/dev/null || eks_missing+=(curl)
command -v openssl >/dev/null || eks_missing+=(openssl)
if [ ${#eks_missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get installing for the local Kubernetes clusters: ${eks_missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${eks_missing[@]}" >&2 ||
      { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${eks_missing[@]}" >&2; } ||
      log "could not install ${eks_missing[*]}: the local Kubernetes clusters will not start"
  else
    log "missing ${eks_missing[*]} for the local Kubernetes clusters (install them, or run as root on Debian)"
  fi
fi
if [ ! -f "$KUBE_TOOLS_DIR/.complete" ]; then
  if command -v go >/dev/null; then
    log "building the local Kubernetes control plane v$KUBE_VERSION (first run only, about 7 minutes cold)"
    TOOLS_DIR="$TOOLS_DIR" "$ROOT/scripts/k8s/build.sh" ||
      log "the Kubernetes build failed: local clusters are unavailable (see the output above)"
  else
    log "Go is not installed: skipping the local Kubernetes clusters (EKS plugin) build"
  fi
fi
# kustomize renders a generated service's overlay for scripts/k8s/deploy-service.sh
if [ ! -x "$KUSTOMIZE_BIN" ]; then
  if command -v go >/dev/null; then
    log "building kustomize v$KUSTOMIZE_VERSION (deploys template services to the local clusters)"
    GOBIN="$(dirname "$KUSTOMIZE_BIN")" CGO_ENABLED=0 go install -ldflags "-s -w" \
      "sigs.k8s.io/kustomize/kustomize/v5@v$KUSTOMIZE_VERSION" >&2 ||
      log "the kustomize build failed: scripts/k8s/deploy-service.sh will look for kustomize or kubectl on PATH"
  fi
fi
unset eks_missing
