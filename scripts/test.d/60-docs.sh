# Docs suites (sourced by scripts/test), two Jest runs side by side:
#   docs-runbook-links  every alert's runbook_url resolves to a TechDocs page and
#                       anchor (repo rule files, SLO rules generated from every
#                       slo.yaml, a service rendered from the microservice
#                       template), docs built with the TechDocs venv's mkdocs
#   docs-backend        the New ADR / New runbook section templates as real
#                       scaffolder tasks: commits to local repositories (dev),
#                       pull / merge requests against loopback fakes of the
#                       GitHub and GitLab APIs (production config); TechDocs
#                       search on PostgreSQL
jest_suite docs-runbook-links yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/docs/runbookLinks src/docs/generatedService &
jest_suite docs-backend yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/docs/docsTemplates src/docs/docsTemplatesProduction src/docs/searchPostgres &

# TechDocs builds Runway's own docs from the repository root (catalog-info.yaml,
# dir:.) and refuses the whole build when any symlink under it resolves outside
# the repository (a tool venv made without --copies did once).
docs_outside_links() {
  local root link target
  root="$(pwd -P)"
  while IFS= read -r -d '' link; do
    target="$(realpath -m "$link")"
    case "$target" in "$root"/*) ;; *) echo "symlink outside the repository: $link -> $target" ;; esac
  done < <(find . -path ./.git -prune -o -type l -print0) | grep . && return 1
  return 0
}
check docs-repo-symlinks docs_outside_links
