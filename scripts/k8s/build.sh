#!/usr/bin/env bash
# Builds the local Kubernetes control plane Runway's EKS plugin develops and
# tests against: kube-apiserver, kube-controller-manager and kube-scheduler
# from the Go module k8s.io/kubernetes (a wrapper module with one replace line
# per staging module), and kwok from sigs.k8s.io/kwok. Everything comes from
# the Go module proxy; nothing else is downloaded.
#
# Output: .runway/tools/kube-v<version>/bin/ and .../stages/ (git-ignored).
# A second run returns at once. About 7 minutes cold on 2 cores, ~400 MB.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/k8s/versions.sh
source "$HERE/versions.sh"

if [ -f "$KUBE_TOOLS_DIR/.complete" ]; then
  exit 0
fi
command -v go >/dev/null || { echo "k8s build: Go is not on PATH; the local clusters need Go >= 1.24" >&2; exit 1; }

say() { echo "k8s build: $*" >&2; }
mkdir -p "$KUBE_TOOLS_DIR"
work="$KUBE_TOOLS_DIR/.build"
rm -rf "$work" && mkdir -p "$work/bin"

staging=(api apiextensions-apiserver apimachinery apiserver cli-runtime client-go
  cloud-provider cluster-bootstrap code-generator component-base component-helpers
  controller-manager cri-api cri-client csi-translation-lib dynamic-resource-allocation
  endpointslice externaljwt kms kube-aggregator kube-controller-manager kube-proxy
  kube-scheduler kubectl kubelet metrics mount-utils pod-security-admission sample-apiserver)
{
  echo "module runway.local/k8sbin"
  echo
  echo "go 1.24"
  echo
  echo "require k8s.io/kubernetes v$KUBE_VERSION"
  echo
  for m in "${staging[@]}"; do
    echo "replace k8s.io/$m => k8s.io/$m v$KUBE_STAGING_VERSION"
  done
} > "$work/go.mod"
cat > "$work/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kube-scheduler"
)
GO

started=$SECONDS
say "resolving k8s.io/kubernetes v$KUBE_VERSION modules (go mod tidy)"
(cd "$work" && go mod tidy >&2)
say "building kube-apiserver, kube-controller-manager, kube-scheduler v$KUBE_VERSION (about 4 min cold)"
(cd "$work" && CGO_ENABLED=0 go build -o bin/ -ldflags "-s -w \
  -X k8s.io/component-base/version.gitVersion=v$KUBE_VERSION \
  -X k8s.io/component-base/version.gitMajor=${KUBE_VERSION%%.*} \
  -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2)" \
  k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
  k8s.io/kubernetes/cmd/kube-scheduler >&2)
say "building kwok v$KWOK_VERSION ($((SECONDS - started))s so far)"
(cd "$work" && CGO_ENABLED=0 GOBIN="$work/bin" go install -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@v$KWOK_VERSION" >&2)

# kwok's own Stage objects (node lifecycle, pod deletion and completion),
# copied from the module it was built from; Runway's pod stages are in
# scripts/k8s/stages/.
modcache="$(go env GOMODCACHE)/sigs.k8s.io/kwok@v$KWOK_VERSION/kustomize/stage"
mkdir -p "$work/stages"
cp "$modcache/node/fast/node-initialize.yaml" \
  "$modcache/pod/fast/pod-delete.yaml" "$modcache/pod/fast/pod-complete.yaml" "$work/stages/"
chmod -R u+w "$work/stages"

rm -rf "$KUBE_BIN" "$KUBE_TOOLS_DIR/stages"
mv "$work/bin" "$KUBE_BIN"
mv "$work/stages" "$KUBE_TOOLS_DIR/stages"
rm -rf "$work"
touch "$KUBE_TOOLS_DIR/.complete"
say "done in $((SECONDS - started))s: ${KUBE_TOOLS_DIR#$ROOT/}"
