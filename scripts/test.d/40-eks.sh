# Sourced by scripts/test: the EKS plugin's integration suite against two
# real local control planes (scripts/k8s/cluster.sh; built by
# scripts/bootstrap.d/eks.sh). When the control plane could not be built the
# suite fails with the reason in test-results/logs/eks.log.
jest_suite eks yarn workspace @runway/test test:eks &
