# SLO plugin tools (sourced by scripts/bootstrap).
# Debian's prometheus package gives `prometheus` (make dev's local Prometheus,
# the real-Prometheus integration test, the benchmark) and `promtool` (rule
# checks, rule unit tests, backfilling history with
# `promtool tsdb create-blocks-from openmetrics`). Installed with apt-get
# only when missing and only as root; otherwise the SLO suites and the local
# Prometheus say why they skip.
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "apt-get installing: prometheus (promtool, for the SLO plugin)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
    apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends prometheus >&2
    # The Debian package enables a system-wide service on :9090; Runway starts
    # its own instances on loopback ports and does not need it.
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
      systemctl disable --now prometheus >/dev/null 2>&1 || true
    fi
  else
    log "SLO plugin: prometheus/promtool missing (apt-get install prometheus as root); SLO suites will skip"
  fi
fi
