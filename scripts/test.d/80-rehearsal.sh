# Sourced by scripts/test: the production rehearsal (docs/operating.md).
#   rehearsal   the backend built as the image builds it
#               (scripts/rehearsal/build-image.sh), two replicas with
#               NODE_ENV=production and only the production config (plus the
#               organisation's site file) behind haproxy, on PostgreSQL and
#               Redis, with AWS on moto's server, two local clusters bound with
#               the shipped ClusterRole, Prometheus, OIDC sign-in and a GitHub
#               host; the personas in Chromium through the load balancer, the
#               replicas' jobs counted, a fresh start without a 5xx, then
#               faults: Redis, PostgreSQL, AWS, one cluster and Prometheus
#               taken away and brought back (5-faults.spec.ts), Runway's MCP
#               tools through the official MCP client (6-mcp.spec.ts); then
#               the abuse suite on the same environment
#               (test/src/rehearsal, test/src/abuse,
#               playwright.rehearsal.config.ts).
# Needs the built app (the app-build check) and the local control plane.
rehearsal_suite() {
  local image="$ROOT/.runway/rehearsal/image"
  if ! scripts/rehearsal/build-image.sh "$image" > "$RESULTS/logs/rehearsal-image.log" 2>&1; then
    echo "rehearsal: the image did not build (see test-results/logs/rehearsal-image.log)"
    return 1
  fi
  RUNWAY_REHEARSAL_IMAGE="$image" yarn playwright test -c playwright.rehearsal.config.ts
}
code=0
rehearsal_suite > "$RESULTS/logs/rehearsal.log" 2>&1 || code=$?
echo "$code" > "$RESULTS/suites/rehearsal.exit"
if [ "$code" = 0 ]; then
  echo "    rehearsal: ok"
else
  echo "    rehearsal: FAILED (see test-results/logs/rehearsal.log)"
  grep -E '✘|Error' "$RESULTS/logs/rehearsal.log" | head -n 20 | sed 's/^/      /'
fi
# without a report (the image did not build) the suite counts as one failure
[ -f "$RESULTS/rehearsal/results.json" ] || echo '{"passed":0,"failed":1,"skipped":0}' > "$RESULTS/suites/rehearsal.json"
