# shellcheck shell=bash
# Sourced by scripts/bootstrap under --test: Helm, for the microservice
# template's Helm packaging (test/src/template/helm.test.ts lints and renders
# the generated chart with it). Built from its Go module (the project's
# release binaries are not on a package registry) into
# .runway/tools/helm-v<version>/bin once, keyed by version, with a .complete
# marker; older versions are removed. Nothing is fetched when the suite runs;
# without Go the suite says what is missing.
#   go install helm.sh/helm/v4/cmd/helm@v<version>
# with the version stamped as the project's Makefile does (`helm version`
# says v<version>, not only the major.minor of the source).
HELM_VERSION=4.3.2
HELM_DIR="$TOOLS_DIR/helm-v$HELM_VERSION"
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$HELM_DIR/.complete" ]; then
  if command -v go >/dev/null; then
    log "building helm v$HELM_VERSION into ${HELM_DIR#"$ROOT"/} (first run only, about 5 minutes on 2 cores)"
    for helm_old in "$TOOLS_DIR"/helm-v*; do
      [ "$helm_old" = "$HELM_DIR" ] || rm -rf "$helm_old"
    done
    rm -rf "$HELM_DIR"
    if GOBIN="$HELM_DIR/bin" GOFLAGS=-mod=mod CGO_ENABLED=0 go install \
      -ldflags "-s -w -X helm.sh/helm/v4/internal/version.version=v$HELM_VERSION" \
      "helm.sh/helm/v4/cmd/helm@v$HELM_VERSION" >&2 &&
      [ "$("$HELM_DIR/bin/helm" version --template '{{.Version}}')" = "v$HELM_VERSION" ]; then
      touch "$HELM_DIR/.complete"
    else
      log "could not build helm v$HELM_VERSION: the template's Helm tests will fail (see above)"
    fi
    unset helm_old
  else
    log "Go is not installed: helm (the template's Helm tests) is missing"
  fi
fi
unset HELM_VERSION HELM_DIR
