# SLO plugin suites (sourced by scripts/test): the generated Prometheus rules
# under promtool (check + unit tests with firing and resolving alerts) and
# error budgets against a real Prometheus with backfilled history
# (test/src/slo/). Skipped with a failure when promtool is missing, since
# scripts/bootstrap installs it.
if command -v promtool >/dev/null && command -v prometheus >/dev/null; then
  jest_suite slo yarn workspace @runway/test test:slo &
else
  check slo-prometheus-missing false
fi
