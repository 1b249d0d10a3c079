# Tool versions, shared by scripts/bootstrap and scripts/env.sh.
# Changing a version here makes the next bootstrap install it beside the old one.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
NODE_VERSION=22.23.3
TECHDOCS_CORE_VERSION=1.7.1
# mkdocs plugin for "last updated" dates from git on every TechDocs page
GIT_REVISION_DATE_VERSION=1.6.3
TOOLS_DIR="$ROOT/.runway/tools"
NODE_DIR="$TOOLS_DIR/node-v$NODE_VERSION"
VENV_DIR="$TOOLS_DIR/venv-techdocs-core-$TECHDOCS_CORE_VERSION-gitdate-$GIT_REVISION_DATE_VERSION"
# moto's server (PyPI moto[server]): AWS on loopback for the AWS suites
# (scripts/bootstrap.d/aws.sh installs it under --test; test/src/harness/moto.ts starts it)
MOTO_VERSION=5.2.5
MOTO_DIR="$TOOLS_DIR/moto-$MOTO_VERSION"
