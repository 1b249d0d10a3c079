# shellcheck shell=bash
# Sourced by scripts/bootstrap under --test: the upstream CRDs of every custom
# resource the microservice template generates, for the template suite's
# server-side dry run against a local kube-apiserver
# (test/src/template/serverDryRun.ts, clusterDryRun.test.ts):
#   Argo CD              Application        manifests/crds/application-crd.yaml
#   Argo Rollouts        Rollout            manifests/crds/rollout-crd.yaml
#                        AnalysisTemplate   manifests/crds/analysis-template-crd.yaml
#   prometheus-operator  ServiceMonitor     example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml
#                        PrometheusRule     example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml
#   External Secrets     ExternalSecret     config/crds/bases/external-secrets.io_externalsecrets.yaml
# Each project publishes this YAML inside its Go module, so it comes from the
# Go module proxy with `go mod download` (no build), at the versions of
# scripts/k8s/versions.sh, into .runway/tools/template-crds-<versions>/ with
# a SOURCE file naming, per file, the module, version, path, the module's
# checksum and the file's SHA-256. Older keyed folders are removed. A module
# that cannot be fetched is named here and the folder stays incomplete (no
# .complete): the suite then fails naming the missing CRD files. Nothing is
# fetched when the suite runs.
# shellcheck source=scripts/k8s/versions.sh
source "$ROOT/scripts/k8s/versions.sh"
# "<dir>\t<sum>" of `go mod download -json <module>@<version>` run in $1
# shellcheck disable=SC2016 # the node program is single-quoted on purpose
template_crds_module_dir() {
  (cd "$1" && go mod download -json "$2") | node -e '
    let s = "";
    process.stdin.on("data", d => (s += d)).on("end", () => {
      const j = JSON.parse(s);
      if (j.Error || !j.Dir) { console.error(j.Error ?? "no Dir"); process.exit(1); }
      console.log(`${j.Dir}\t${j.Sum}`);
    });'
}
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$TEMPLATE_CRDS_DIR/.complete" ]; then
  if command -v go >/dev/null; then
    log "fetching the template's CRDs (Argo CD v$ARGO_CD_VERSION, Argo Rollouts v$ARGO_ROLLOUTS_VERSION, prometheus-operator v$PROMETHEUS_OPERATOR_VERSION, External Secrets v$EXTERNAL_SECRETS_VERSION; Go modules) into ${TEMPLATE_CRDS_DIR#"$ROOT"/}"
    for template_crds_old in "$TOOLS_DIR"/template-crds-*; do
      [ "$template_crds_old" = "$TEMPLATE_CRDS_DIR" ] || rm -rf "$template_crds_old"
    done
    template_crds_tmp="$(mktemp -d "$TOOLS_DIR/.template-crds.XXXXXX")"
    template_crds_failed=()
    # module@version, then the CRD files inside it
    for template_crds_entry in \
      "$ARGO_CD_MODULE@v$ARGO_CD_VERSION manifests/crds/application-crd.yaml" \
      "$ARGO_ROLLOUTS_MODULE@v$ARGO_ROLLOUTS_VERSION manifests/crds/rollout-crd.yaml manifests/crds/analysis-template-crd.yaml" \
      "$PROMETHEUS_OPERATOR_MODULE@v$PROMETHEUS_OPERATOR_VERSION example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml" \
      "$EXTERNAL_SECRETS_MODULE@v$EXTERNAL_SECRETS_VERSION config/crds/bases/external-secrets.io_externalsecrets.yaml"; do
      read -r template_crds_module template_crds_paths <<<"$template_crds_entry"
      if ! template_crds_got="$(template_crds_module_dir "$template_crds_tmp" "$template_crds_module")"; then
        log "could not download $template_crds_module from the Go module proxy (see above)"
        template_crds_failed+=("$template_crds_module")
        continue
      fi
      for template_crds_path in $template_crds_paths; do
        template_crds_file="${template_crds_got%%$'\t'*}/$template_crds_path"
        if cp "$template_crds_file" "$template_crds_tmp/"; then
          echo "$(basename "$template_crds_path")  $template_crds_module $template_crds_path  ${template_crds_got#*$'\t'}  sha256:$(sha256sum "$template_crds_file" | cut -d' ' -f1)" >> "$template_crds_tmp/SOURCE"
        else
          log "$template_crds_module has no $template_crds_path"
          template_crds_failed+=("$template_crds_module/$template_crds_path")
        fi
      done
    done
    # the module cache is read-only; the folder is ours
    chmod 755 "$template_crds_tmp"
    chmod u+w "$template_crds_tmp"/* 2>/dev/null || true
    rm -rf "$TEMPLATE_CRDS_DIR"
    mv "$template_crds_tmp" "$TEMPLATE_CRDS_DIR"
    if [ ${#template_crds_failed[@]} -eq 0 ]; then
      touch "$TEMPLATE_CRDS_DIR/.complete"
    else
      log "template CRDs incomplete, missing ${template_crds_failed[*]}: the template suite's server-side dry run will fail naming them"
    fi
    unset template_crds_old template_crds_tmp template_crds_failed template_crds_entry template_crds_module \
      template_crds_paths template_crds_got template_crds_path template_crds_file
  else
    log "Go is not installed: the CRDs for the template suite's server-side dry run are missing"
  fi
fi
unset -f template_crds_module_dir
