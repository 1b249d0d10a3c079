# Runway's own deployment (sourced by scripts/test):
#   deploy   k8s/ overlays built with kustomize, validated against the offline
#            Kubernetes and CRD schemas and by checkov (skips justified in the
#            manifests); every environment variable the production config
#            reads reaches the backend container (ConfigMap or the Secret the
#            ExternalSecret fills). Uses the template validators' tools.
#            The production config as the image loads it (app-config.yaml +
#            app-config.production.yaml), printed, holds no development value
#            and is documented key by key in docs/operating.md
#            (src/deploy/productionConfig.test.ts).
jest_suite deploy yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/deploy
