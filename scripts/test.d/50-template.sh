# Microservice template proof (sourced by scripts/test; test/src/template):
#   template-render      every language x CI combination through the real
#                        backend's dry-run API, files checked and written out
#   template-validators  kustomize + kubernetes-models schemas, checkov,
#                        cfn-lint, promtool check/test rules, actionlint,
#                        GitLab CI schema, npm-groovy-lint, yamllint,
#                        ShellCheck, the SLO gate script against a local gate;
#                        a server-side dry run of the generated manifests
#                        (kustomize overlays, Argo CD Applications, Helm
#                        charts) against a local kube-apiserver with the
#                        upstream CRDs (Argo CD, Argo Rollouts,
#                        prometheus-operator, External Secrets) installed;
#                        on the same kind of apiserver (with a kwok node),
#                        a kustomize and a Helm service's scripts/deploy.sh
#                        and rollback.sh run for real with kubectl, helm and
#                        kustomize (deploy, redeploy, rollback)
#   template-services    each service's make lint/test/build with its real
#                        toolchain (RabbitMQ adapters against a real broker,
#                        SQS adapters against mocks), started on loopback
#                        (PostgreSQL and RabbitMQ when chosen)
#   template-upgrade     template upgrades on the real backend: services from a
#                        copy of the template, a fixture version, a clean and
#                        a conflicting upgrade (branches in local repositories)
#   template-production  template.production.yaml is not stale, its actions are
#                        registered by a backend configured like production, it
#                        validates and dry-runs; it publishes to loopback GitHub
#                        and GitLab hosts, and a service there is upgraded to a
#                        fixture version as a pull request / merge request
# Validators come from scripts/bootstrap.d/template.sh, the CRDs from
# scripts/bootstrap.d/template-crds.sh, kubectl from
# scripts/bootstrap.d/kubectl.sh; nothing is fetched here (npm, pip and Go
# use their caches).
export RUNWAY_TEMPLATE_OUT="$RUNWAY_TEST_TMP/template-out"
jest_suite template-render yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/template/render.test.ts
jest_suite template-validators yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/template/validators.test.ts src/template/clusterDryRun.test.ts src/template/helm.test.ts src/template/deployScripts.test.ts &
jest_suite template-services yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/template/services.test.ts &
jest_suite template-upgrade yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/template/upgrade.test.ts &
jest_suite template-production yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/template/production.test.ts src/template/productionPublish.test.ts src/template/upgradeHosted.test.ts &
