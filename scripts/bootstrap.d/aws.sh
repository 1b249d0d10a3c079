# AWS on loopback for the AWS suites (sourced by scripts/bootstrap under
# --test; scripts/test.d/25-aws.sh runs them): moto's server from PyPI,
# `moto[server]==$MOTO_VERSION`, in its own venv at
# .runway/tools/moto-<version>/venv, keyed by version (scripts/versions.sh).
# It stands in for STS (AssumeRole per account), Cost Explorer and S3;
# test/src/harness/moto.ts starts `moto_server` on a free loopback port.
# Venvs under .runway/ are made with --copies: TechDocs builds Runway's own
# docs from the repository root and refuses symlinks that point outside it.
# A failed install fails the bootstrap: the AWS suites cannot run without it.
if [ "${WANT_TEST:-0}" = 1 ] && [ ! -f "$MOTO_DIR/.complete" ]; then
  log "installing moto[server] $MOTO_VERSION into ${MOTO_DIR#"$ROOT"/} (AWS on loopback for the AWS suites)"
  rm -rf "$MOTO_DIR"
  if ! { python3 -m venv --copies "$MOTO_DIR/venv" &&
    "$MOTO_DIR/venv/bin/pip" install --quiet "moto[server]==$MOTO_VERSION" >&2 &&
    "$MOTO_DIR/venv/bin/moto_server" --help >/dev/null; }; then
    rm -rf "$MOTO_DIR"
    echo "bootstrap: could not install moto[server]==$MOTO_VERSION from PyPI into ${MOTO_DIR#"$ROOT"/} (pip's output is above); the AWS suites need it" >&2
    exit 1
  fi
  touch "$MOTO_DIR/.complete"
fi
