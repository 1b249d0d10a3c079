# shellcheck shell=bash
# Sourced by scripts/bootstrap under --test: the upstream CRDs of Argo CD
# (Application) and Argo Rollouts (Rollout) for the EKS integration suite,
# which installs them into one of its two local clusters (the other proves a
# cluster without them). Both projects publish their CRD YAML inside their Go
# modules (manifests/crds/), so they come from the Go module proxy with
# `go mod download` (no build), at the versions of scripts/k8s/versions.sh,
# into .runway/tools/argo-crds-cd<version>-rollouts<version>/ with a SOURCE
# file naming module, version and checksum. Nothing is fetched when the
# suite runs; without Go the suite says what is missing.
# shellcheck source=scripts/k8s/versions.sh
source "$ROOT/scripts/k8s/versions.sh"
# the directory `go mod download -json <module>@<version>` extracted the module to
# shellcheck disable=SC2016 # the node program is single-quoted on purpose
eks_argo_module_dir() {
  (cd "$1" && go mod download -json "$2") | node -e '
    let s = "";
    process.stdin.on("data", d => (s += d)).on("end", () => {
      const j = JSON.parse(s);
      if (j.Error || !j.Dir) { console.error(j.Error ?? "no Dir"); process.exit(1); }
      console.log(`${j.Dir}\t${j.Sum}`);
    });'
}
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$ARGO_CRDS_DIR/.complete" ]; then
  if command -v go >/dev/null; then
    log "fetching the Argo CD v$ARGO_CD_VERSION and Argo Rollouts v$ARGO_ROLLOUTS_VERSION CRDs (Go modules) into ${ARGO_CRDS_DIR#"$ROOT"/}"
    for eks_argo_old in "$TOOLS_DIR"/argo-crds-*; do
      [ "$eks_argo_old" = "$ARGO_CRDS_DIR" ] || rm -rf "$eks_argo_old"
    done
    eks_argo_tmp="$(mktemp -d "$TOOLS_DIR/.argo-crds.XXXXXX")"
    if eks_argo_cd="$(eks_argo_module_dir "$eks_argo_tmp" "$ARGO_CD_MODULE@v$ARGO_CD_VERSION")" &&
      eks_argo_ro="$(eks_argo_module_dir "$eks_argo_tmp" "$ARGO_ROLLOUTS_MODULE@v$ARGO_ROLLOUTS_VERSION")" &&
      cp "${eks_argo_cd%%$'\t'*}/manifests/crds/application-crd.yaml" "$eks_argo_tmp/" &&
      cp "${eks_argo_ro%%$'\t'*}/manifests/crds/rollout-crd.yaml" "$eks_argo_tmp/"; then
      chmod 755 "$eks_argo_tmp" && chmod u+w "$eks_argo_tmp"/*.yaml
      {
        echo "application-crd.yaml  $ARGO_CD_MODULE@v$ARGO_CD_VERSION manifests/crds/application-crd.yaml  ${eks_argo_cd#*$'\t'}"
        echo "rollout-crd.yaml      $ARGO_ROLLOUTS_MODULE@v$ARGO_ROLLOUTS_VERSION manifests/crds/rollout-crd.yaml  ${eks_argo_ro#*$'\t'}"
      } > "$eks_argo_tmp/SOURCE"
      rm -rf "$ARGO_CRDS_DIR"
      mv "$eks_argo_tmp" "$ARGO_CRDS_DIR"
      touch "$ARGO_CRDS_DIR/.complete"
    else
      rm -rf "$eks_argo_tmp"
      log "could not download the Argo CRDs from the Go module proxy: the EKS suite's Argo test will fail (see above)"
    fi
    unset eks_argo_tmp eks_argo_cd eks_argo_ro eks_argo_old
  else
    log "Go is not installed: the Argo CRDs for the EKS suite are missing"
  fi
fi
unset -f eks_argo_module_dir
