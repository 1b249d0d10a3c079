# Runway's own deployment (sourced by scripts/test):
#   deploy   k8s/ overlays built with kustomize, validated against the offline
#            Kubernetes and CRD schemas and by checkov (skips justified in the
#            manifests); every environment variable app-config.production.yaml
#            reads reaches the backend container (ConfigMap or the Secret the
#            ExternalSecret fills). Uses the template validators' tools.
jest_suite deploy yarn workspace @runway/test backstage-cli package test --runInBand --watchAll=false src/deploy
