# shellcheck shell=bash
# Versions of the local Kubernetes control plane (sourced by scripts/k8s/*.sh).
# Changing one builds the new set beside the old one on the next bootstrap.
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
KUBE_VERSION=1.34.4
KUBE_STAGING_VERSION=0.34.4
KWOK_VERSION=0.8.0
KUBE_TOOLS_DIR="${TOOLS_DIR:-$ROOT/.runway/tools}/kube-v$KUBE_VERSION"
KUBE_BIN="$KUBE_TOOLS_DIR/bin"
# kustomize for scripts/k8s/deploy-service.sh (built by scripts/bootstrap.d/eks.sh)
KUSTOMIZE_VERSION=5.7.1
KUSTOMIZE_BIN="${TOOLS_DIR:-$ROOT/.runway/tools}/kustomize-v$KUSTOMIZE_VERSION/bin/kustomize"
# Argo CD and Argo Rollouts, whose CRDs (the upstream YAML of their Go modules,
# manifests/crds/) the template suite and the EKS suite install.
ARGO_CD_MODULE=github.com/argoproj/argo-cd/v3
ARGO_CD_VERSION=3.2.0
ARGO_ROLLOUTS_MODULE=github.com/argoproj/argo-rollouts
ARGO_ROLLOUTS_VERSION=1.8.3
# The CRDs of every custom resource a generated microservice's manifests use
# (templates/microservice): Argo CD's Application and Argo Rollouts' Rollout
# and AnalysisTemplate at the versions above, prometheus-operator's
# ServiceMonitor and PrometheusRule, and External Secrets' ExternalSecret
# (external-secrets.io/v1 is served from v0.16). The upstream YAML from their
# Go modules, copied by scripts/bootstrap.d/template-crds.sh (under --test)
# into TEMPLATE_CRDS_DIR; the template suite installs them into a local
# apiserver and dry-runs the generated manifests there
# (test/src/template/serverDryRun.ts). The EKS suite and `make dev` install
# the Application and Rollout CRDs of the same folder into one local cluster
# (scripts/k8s/fixtures.mjs with RUNWAY_K8S_ARGO_CRDS=$ARGO_CRDS_DIR).
PROMETHEUS_OPERATOR_MODULE=github.com/prometheus-operator/prometheus-operator
PROMETHEUS_OPERATOR_VERSION=0.85.0
EXTERNAL_SECRETS_MODULE=github.com/external-secrets/external-secrets
EXTERNAL_SECRETS_VERSION=0.16.2
TEMPLATE_CRDS_DIR="${TOOLS_DIR:-$ROOT/.runway/tools}/template-crds-cd$ARGO_CD_VERSION-rollouts$ARGO_ROLLOUTS_VERSION-promop$PROMETHEUS_OPERATOR_VERSION-eso$EXTERNAL_SECRETS_VERSION"
ARGO_CRDS_DIR="$TEMPLATE_CRDS_DIR"
