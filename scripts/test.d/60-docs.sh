# Docs suites (sourced by scripts/test): every alert's runbook_url resolves to
# a TechDocs page and anchor, built with the TechDocs venv's mkdocs.
jest_suite docs-runbook-links yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/docs &
