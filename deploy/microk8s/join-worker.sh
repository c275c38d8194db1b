#!/usr/bin/env bash
# Joins this machine to the routescale microk8s cluster as a worker (no control-plane duties).
#   sudo deploy/microk8s/join-worker.sh <ip:25000/token> [channel]
# The join address comes from 'sudo microk8s add-node' on the control plane. Idempotent: a machine that is
# already a worker of a cluster is left alone.
set -euo pipefail

join_address="${1:-}"
channel="${2:-1.33/stable}"

say() { printf '[routescale] %s\n' "$*"; }
die() { printf '[routescale] error: %s\n' "$*" >&2; exit 1; }

[ -n "${join_address}" ] || die "usage: $0 <ip:25000/token> [channel]  (get it with 'microk8s add-node' on the control plane)"
[[ "${join_address}" =~ ^[^/]+:[0-9]+/[A-Za-z0-9/]+$ ]] || die "'${join_address}' does not look like ip:25000/token"
[ "$(id -u)" -eq 0 ] || die "run as root (sudo)"
command -v snap >/dev/null 2>&1 || die "snapd is required (apt-get install -y snapd)"

if ! snap list microk8s >/dev/null 2>&1; then
  say "installing microk8s from channel ${channel}"
  snap install microk8s --classic --channel="${channel}"
fi

# A worker has no local API server to answer 'status'; its kubelite config names the control plane instead.
if [ -f /var/snap/microk8s/current/var/lock/clustered.lock ]; then
  say "this machine already belongs to a cluster; nothing to do"
  exit 0
fi

say "joining ${join_address%%/*} as a worker"
microk8s join "${join_address}" --worker
say "joined. On the control plane, 'microk8s kubectl get nodes' lists this node within a minute."
