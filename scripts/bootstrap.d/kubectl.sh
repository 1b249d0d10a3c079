# shellcheck shell=bash
# Sourced by scripts/bootstrap under --test: kubectl, for the microservice
# template's deploy scripts (test/src/template/deployScripts.test.ts runs a
# generated service's scripts/deploy.sh and rollback.sh against a local
# kube-apiserver). Built from the Go module k8s.io/kubernetes at the control
# plane's version (scripts/k8s/versions.sh), with the same wrapper module as
# scripts/k8s/build.sh (one replace line per staging module), into
# .runway/tools/kubectl-v<version>/bin once, keyed by version, with a
# .complete marker; older versions are removed. Nothing is fetched when the
# suite runs; without Go the suite says what is missing. The version is
# stamped as build.sh stamps the control plane (`kubectl version --client`
# says v<version>).
# shellcheck source=scripts/k8s/versions.sh
source "$ROOT/scripts/k8s/versions.sh"
KUBECTL_DIR="$TOOLS_DIR/kubectl-v$KUBE_VERSION"
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$KUBECTL_DIR/.complete" ]; then
  if command -v go >/dev/null; then
    log "building kubectl v$KUBE_VERSION into ${KUBECTL_DIR#"$ROOT"/} (first run only, about 3 minutes cold on 2 cores)"
    for kubectl_old in "$TOOLS_DIR"/kubectl-v*; do
      [ "$kubectl_old" = "$KUBECTL_DIR" ] || rm -rf "$kubectl_old"
    done
    rm -rf "$KUBECTL_DIR"
    kubectl_work="$KUBECTL_DIR/.build"
    mkdir -p "$kubectl_work"
    {
      echo "module runway.local/kubectl"
      echo
      echo "go 1.24"
      echo
      echo "require k8s.io/kubernetes v$KUBE_VERSION"
      echo
      for kubectl_module in api apiextensions-apiserver apimachinery apiserver cli-runtime \
        client-go cloud-provider cluster-bootstrap code-generator component-base \
        component-helpers controller-manager cri-api cri-client csi-translation-lib \
        dynamic-resource-allocation endpointslice externaljwt kms kube-aggregator \
        kube-controller-manager kube-proxy kube-scheduler kubectl kubelet metrics \
        mount-utils pod-security-admission sample-apiserver; do
        echo "replace k8s.io/$kubectl_module => k8s.io/$kubectl_module v$KUBE_STAGING_VERSION"
      done
    } > "$kubectl_work/go.mod"
    printf '//go:build tools\n\npackage tools\n\nimport _ "k8s.io/kubernetes/cmd/kubectl"\n' > "$kubectl_work/tools.go"
    kubectl_started=$SECONDS
    if (cd "$kubectl_work" && go mod tidy >&2 &&
      CGO_ENABLED=0 go build -o "$KUBECTL_DIR/bin/kubectl" -ldflags "-s -w \
        -X k8s.io/component-base/version.gitVersion=v$KUBE_VERSION \
        -X k8s.io/component-base/version.gitMajor=${KUBE_VERSION%%.*} \
        -X k8s.io/component-base/version.gitMinor=$(echo "$KUBE_VERSION" | cut -d. -f2)" \
        k8s.io/kubernetes/cmd/kubectl >&2) &&
      "$KUBECTL_DIR/bin/kubectl" version --client | grep -qx "Client Version: v$KUBE_VERSION"; then
      rm -rf "$kubectl_work"
      touch "$KUBECTL_DIR/.complete"
      log "kubectl v$KUBE_VERSION built in $((SECONDS - kubectl_started))s"
    else
      log "could not build kubectl v$KUBE_VERSION: the template's deploy script tests will fail (see above)"
    fi
    unset kubectl_old kubectl_work kubectl_module kubectl_started
  else
    log "Go is not installed: kubectl (the template's deploy script tests) is missing"
  fi
fi
unset KUBECTL_DIR
