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
