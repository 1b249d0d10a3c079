#!/usr/bin/env bash
# Builds every entity's TechDocs once the development backend is ready, so
# that search finds runbooks and ADRs without anyone opening each service's
# docs first (the TechDocs collator indexes built docs only;
# app-config.development.yaml runs it every two minutes). Exits when done.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"
command -v mkdocs >/dev/null || { echo "docs: mkdocs not found (run scripts/bootstrap); docs are built when opened"; exit 0; }
exec node "$ROOT/scripts/dev.d/docs-warmup.mjs" "${RUNWAY_BACKEND_URL:-http://127.0.0.1:7007}"
