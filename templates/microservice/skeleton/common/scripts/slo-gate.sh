#!/usr/bin/env sh
# Post-deploy check: asks Runway's SLO deploy gate whether ${{ values.name }} may stay
# deployed in an environment. Exits 1 when the gate denies (the pipeline then
# rolls back), 0 when it allows. Needs RUNWAY_URL and RUNWAY_TOKEN (a static
# external-access token of the Runway backend); without RUNWAY_URL the check
# is skipped and says so.
set -eu
env_name="${1:-production}"
entity="component%3Adefault%2F${{ values.name }}"
if [ -z "${RUNWAY_URL:-}" ]; then
  echo "slo-gate: RUNWAY_URL is not set, skipping the SLO deploy gate for ${{ values.name }} ($env_name)"
  exit 0
fi
if [ -z "${RUNWAY_TOKEN:-}" ]; then
  echo "slo-gate: RUNWAY_URL is set but RUNWAY_TOKEN is not" >&2
  exit 1
fi
url="${RUNWAY_URL%/}/api/slo/gate?entity=${entity}&env=${env_name}"
echo "slo-gate: GET $url"
body="$(curl --fail --silent --show-error --max-time 30 --retry 3 --retry-all-errors \
  -H "Authorization: Bearer ${RUNWAY_TOKEN}" "$url")"
echo "slo-gate: $body"
if printf '%s' "$body" | grep -Eq '"decision"[[:space:]]*:[[:space:]]*"allow"'; then
  echo "slo-gate: allow"
  exit 0
fi
echo "slo-gate: deny" >&2
exit 1
