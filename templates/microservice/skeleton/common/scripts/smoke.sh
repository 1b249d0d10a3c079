#!/usr/bin/env sh
# e2e smoke test against a deployed environment: readiness, metrics and the
# example resource, through a port-forward to the Service.
set -eu
namespace="${1:?namespace}"
port="${SMOKE_PORT:-18080}"
kubectl -n "$namespace" port-forward "service/${{ values.name }}" "$port:80" >/dev/null 2>&1 &
pf=$!
trap 'kill $pf 2>/dev/null || true' EXIT
for _ in $(seq 1 30); do
  curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  sleep 1
done
curl -fsS "http://127.0.0.1:$port/health/ready"
curl -fsS "http://127.0.0.1:$port/metrics" | grep -q http_requests_total
curl -fsS -X POST -H 'content-type: application/json' -d '{"name":"smoke","quantity":1}' \
  "http://127.0.0.1:$port/v1/items" | grep -q '"name":"smoke"'
echo "smoke: ok"
