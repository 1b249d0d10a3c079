#!/usr/bin/env bash
# Starts or stops one local Kubernetes control plane on loopback:
# Debian's etcd, kube-apiserver, kube-controller-manager, kube-scheduler and
# kwok (simulated nodes and pods), all built by scripts/k8s/build.sh.
#
#   cluster.sh up   <state-dir> <apiserver-port> <etcd-port> [kubelet-port]
#   cluster.sh down <state-dir>
#
# etcd's peer port is etcd-port+1. kwok also serves the kubelet API of every
# simulated node (container logs) on 127.0.0.1:<kubelet-port> (default: a
# free port); the nodes' InternalIP is 127.0.0.1 and the apiserver reaches
# them there, so `kubectl logs` / GET pods/log work. Which containers have
# logs: scripts/k8s/sample-logs/ (kwok ClusterLogs, sample text in CRI log format).
#
# `up` returns once the apiserver is ready and the `default` namespace
# exists, and leaves in <state-dir>:
#   ca.crt          the apiserver's self-signed CA (clients verify TLS with it)
#   admin.token     a static token in system:masters (fixtures, tests)
#   reader.token    a static token for user `runway` in group `runway:cluster-reader`,
#                   the group an EKS access entry maps Runway's IAM role to
#                   (read-only once scripts/k8s/fixtures.mjs applied the shipped
#                   k8s/cluster-reader/clusterrole.yaml)
#   kubeconfig      admin kubeconfig; logs/*.log; pids; audit.log (RUNWAY_K8S_AUDIT=1)
# RUNWAY_K8S_ADMIN_TOKEN / RUNWAY_K8S_READER_TOKEN fix the tokens (make dev);
# otherwise they are random.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=scripts/k8s/versions.sh
source "$HERE/versions.sh"

cmd="${1:-}"; dir="${2:-}"
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 up|down <state-dir> [apiserver-port etcd-port [kubelet-port]]" >&2; exit 2; }

stop_all() {
  [ -f "$dir/pids" ] || return 0
  # reverse start order: kwok, scheduler, controller-manager, apiserver, etcd
  local pids; pids="$(tac "$dir/pids")"
  for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do
    local alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.2
  done
  for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
  rm -f "$dir/pids"
}

if [ "$cmd" = down ]; then
  stop_all
  exit 0
fi
[ "$cmd" = up ] || { echo "cluster.sh: unknown command $cmd" >&2; exit 2; }
port="${3:?apiserver port}"; etcd_port="${4:?etcd port}"; peer_port=$((etcd_port + 1))
kubelet_port="${5:-}"
if [ -z "$kubelet_port" ]; then
  kubelet_port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
fi
[ -x "$KUBE_BIN/kube-apiserver" ] || { echo "cluster.sh: not built; run scripts/k8s/build.sh" >&2; exit 1; }
ETCD="$(command -v etcd || true)"
[ -n "$ETCD" ] || { echo "cluster.sh: etcd not found (Debian package etcd-server)" >&2; exit 1; }

stop_all
mkdir -p "$dir/logs" "$dir/certs"
dir="$(cd "$dir" && pwd)"
rm -rf "$dir/etcd"
: > "$dir/pids"

admin_token="${RUNWAY_K8S_ADMIN_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
reader_token="${RUNWAY_K8S_READER_TOKEN:-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')}"
printf '%s' "$admin_token" > "$dir/admin.token"
printf '%s' "$reader_token" > "$dir/reader.token"
printf '%s,admin,admin-uid,"system:masters"\n%s,runway,runway-uid,"runway:cluster-reader"\n' \
  "$admin_token" "$reader_token" > "$dir/tokens.csv"
chmod 600 "$dir"/*.token "$dir/tokens.csv"
[ -f "$dir/certs/sa.key" ] || {
  openssl genrsa -out "$dir/certs/sa.key" 2048 2>/dev/null
  openssl rsa -in "$dir/certs/sa.key" -pubout -out "$dir/certs/sa.pub" 2>/dev/null
}
# kwok's kubelet API serves TLS with this self-signed certificate for
# 127.0.0.1; the apiserver trusts exactly it (--kubelet-certificate-authority).
[ -f "$dir/certs/kubelet.crt" ] || openssl req -x509 -newkey rsa:2048 -nodes -days 3650 \
  -subj /CN=runway-kwok-kubelet -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$dir/certs/kubelet.key" -out "$dir/certs/kubelet.crt" 2>/dev/null

start() { # name, command...
  local name="$1"; shift
  "$@" > "$dir/logs/$name.log" 2>&1 &
  echo "$!" >> "$dir/pids"
}

start etcd "$ETCD" --name default --data-dir "$dir/etcd" \
  --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "default=http://127.0.0.1:$peer_port" --listen-metrics-urls ""

# RUNWAY_K8S_AUDIT=1 (benchmarks): one audit line per request in audit.log,
# so requests can be counted per user.
audit_args=()
if [ "${RUNWAY_K8S_AUDIT:-0}" = 1 ]; then
  printf 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n- level: Metadata\n' > "$dir/audit-policy.yaml"
  audit_args=(--audit-policy-file "$dir/audit-policy.yaml" --audit-log-path "$dir/audit.log" --audit-log-maxsize 500)
fi

# WatchList off: its watch streams need an etcd feature Debian's etcd 3.4 lacks;
# with it on, every watch of kwok's fails and pods turn Ready only on relists
# (20 to 40 s late). Clients fall back to LIST and WATCH, as against EKS.
start kube-apiserver "$KUBE_BIN/kube-apiserver" "${audit_args[@]}" \
  --etcd-servers "http://127.0.0.1:$etcd_port" --bind-address 127.0.0.1 --advertise-address 127.0.0.1 \
  --secure-port "$port" --cert-dir "$dir/certs" \
  --service-cluster-ip-range 10.96.0.0/16 --service-account-issuer https://kubernetes.default.svc \
  --service-account-key-file "$dir/certs/sa.pub" --service-account-signing-key-file "$dir/certs/sa.key" \
  --authorization-mode RBAC --token-auth-file "$dir/tokens.csv" --allow-privileged=true \
  --endpoint-reconciler-type none --watch-cache=true \
  --kubelet-preferred-address-types InternalIP --kubelet-certificate-authority "$dir/certs/kubelet.crt" \
  --kubelet-timeout 5s \
  --feature-gates=WatchList=false

# the apiserver's self-signed serving cert (with its CA) appears in cert-dir
ready=0
for _ in $(seq 1 480); do
  if [ -f "$dir/certs/apiserver.crt" ] && curl -sf --cacert "$dir/certs/apiserver.crt" \
      -H "Authorization: Bearer $admin_token" "https://127.0.0.1:$port/readyz" >/dev/null 2>&1; then
    ready=1; break
  fi
  kill -0 "$(sed -n 2p "$dir/pids")" 2>/dev/null || break
  sleep 0.25
done
if [ "$ready" != 1 ]; then
  echo "cluster.sh: kube-apiserver on :$port did not become ready in 120 s; last lines of its log:" >&2
  tail -n 20 "$dir/logs/kube-apiserver.log" >&2
  echo "cluster.sh: last lines of etcd's log (client port $etcd_port):" >&2
  tail -n 10 "$dir/logs/etcd.log" >&2
  stop_all; exit 1
fi
cp "$dir/certs/apiserver.crt" "$dir/ca.crt"

cat > "$dir/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster: {server: "https://127.0.0.1:$port", certificate-authority: "$dir/ca.crt"}
users:
- name: admin
  user: {token: "$admin_token"}
contexts:
- name: local
  context: {cluster: local, user: admin}
current-context: local
KC
chmod 600 "$dir/kubeconfig"

# No metrics server runs here, so the HPA controller is off: the fixtures set
# HPA status the way the controller would report it. nodeipam is off (no
# cloud); nodelifecycle stays (it lifts the not-ready taint of new nodes).
start kube-controller-manager "$KUBE_BIN/kube-controller-manager" \
  --kubeconfig "$dir/kubeconfig" --authentication-kubeconfig "$dir/kubeconfig" \
  --authorization-kubeconfig "$dir/kubeconfig" --controllers '*,-nodeipam,-horizontalpodautoscaling' \
  --leader-elect=false --secure-port 0 --use-service-account-credentials=false \
  --service-account-private-key-file "$dir/certs/sa.key" --root-ca-file "$dir/ca.crt"
start kube-scheduler "$KUBE_BIN/kube-scheduler" --kubeconfig "$dir/kubeconfig" \
  --authentication-kubeconfig "$dir/kubeconfig" --authorization-kubeconfig "$dir/kubeconfig" \
  --leader-elect=false --secure-port 0
stage_args=()
for f in "$KUBE_TOOLS_DIR"/stages/{node-initialize,pod-delete,pod-complete}.yaml "$HERE"/stages/*.yaml; do
  stage_args+=(--config "$f")
done
# Container logs: kwok's ClusterLogs with the sample log files (absolute
# paths), served by kwok's kubelet-like server on 127.0.0.1:<kubelet-port>,
# which kwok's node-initialize stage writes into every node's status
# (InternalIP 127.0.0.1, kubelet endpoint port).
sed "s|@LOGS@|$HERE/sample-logs|g" "$HERE/sample-logs/cluster-logs.yaml" > "$dir/cluster-logs.yaml"
stage_args+=(--config "$dir/cluster-logs.yaml")
start kwok "$KUBE_BIN/kwok" --kubeconfig "$dir/kubeconfig" "${stage_args[@]}" \
  --manage-all-nodes=false --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake \
  --node-lease-duration-seconds 0 --cidr 10.244.0.0/16 \
  --server-address "127.0.0.1:$kubelet_port" --node-ip 127.0.0.1 --node-port "$kubelet_port" \
  --tls-cert-file "$dir/certs/kubelet.crt" --tls-private-key-file "$dir/certs/kubelet.key"

for _ in $(seq 1 80); do
  if curl -sf --cacert "$dir/ca.crt" -H "Authorization: Bearer $admin_token" \
      "https://127.0.0.1:$port/api/v1/namespaces/default/serviceaccounts/default" >/dev/null 2>&1; then
    echo "cluster.sh: ready on https://127.0.0.1:$port (state in $dir)" >&2
    exit 0
  fi
  sleep 0.25
done
echo "cluster.sh: the default namespace's service account never appeared; logs in $dir/logs" >&2
stop_all; exit 1
