#!/usr/bin/env bash
# Measures `make dev` as a developer meets it: seconds from the command to a
# ready backend (GET /.backstage/health/v1/readiness = 200) and to the
# frontend answering on :3000, and the backend's RSS once the catalog has
# loaded. Writes bench/results/dev-startup.json. Needs ports 3000 and 7007.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
out="$ROOT/bench/results/dev-startup.json"
log="$(mktemp)"

"$ROOT/scripts/bootstrap" >/dev/null 2>&1   # warm: tools and dependencies present
start=$(date +%s%N)
setsid "$ROOT/scripts/dev" > "$log" 2>&1 &
dev=$!
trap 'kill -- -$dev 2>/dev/null || true; rm -f "$log"' EXIT

elapsed() { echo $(( ($(date +%s%N) - start) / 1000000 )); }   # ms
until curl -sf -o /dev/null http://127.0.0.1:7007/.backstage/health/v1/readiness; do
  kill -0 $dev 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.2
done
backend_ready=$(elapsed)
until curl -sf -o /dev/null http://localhost:3000; do sleep 0.5; done
frontend_ready=$(elapsed)

# RSS of the backend (the process listening on 7007) once the catalog holds the org.
token=$(curl -sf http://127.0.0.1:7007/api/auth/guest/refresh | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).backstageIdentity.token))')
for _ in $(seq 1 120); do
  n=$(curl -sf -H "authorization: Bearer $token" 'http://127.0.0.1:7007/api/catalog/entities?filter=kind=user' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).length))')
  [ "$n" -gt 0 ] && break
  sleep 0.5
done
sleep 5
pid=$(ss -ltnpH 'sport = :7007' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)
rss_kb=$(awk '/VmRSS/ {print $2}' /proc/"$pid"/status)

cat > "$out" <<JSON
{
  "make_dev_backend_ready_s": $(awk "BEGIN {printf \"%.1f\", $backend_ready / 1000}"),
  "make_dev_frontend_ready_s": $(awk "BEGIN {printf \"%.1f\", $frontend_ready / 1000}"),
  "backend_rss_after_start_mib": $((rss_kb / 1024)),
  "machine": "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release; echo "$PRETTY_NAME")",
  "measured_at": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
cat "$out"
