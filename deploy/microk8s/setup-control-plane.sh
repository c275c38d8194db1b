#!/usr/bin/env bash
# Sets up the microk8s control-plane node for routescale: installs microk8s (snap), waits until it is ready,
# enables the addons routescale-stack expects, and prints the command that joins a worker.
# Idempotent: re-running skips what is already there.
#   sudo deploy/microk8s/setup-control-plane.sh [channel]      (default channel: 1.33/stable)
set -euo pipefail

channel="${1:-1.33/stable}"
addons=(dns dashboard helm3 hostpath-storage host-access)

say() { printf '[routescale] %s\n' "$*"; }
die() { printf '[routescale] error: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run as root (sudo): snap and microk8s need it"
command -v snap >/dev/null 2>&1 || die "snapd is required (apt-get install -y snapd)"

if snap list microk8s >/dev/null 2>&1; then
  say "microk8s is already installed ($(snap list microk8s | awk 'NR==2 {print $2}'))"
else
  say "installing microk8s from channel ${channel}"
  snap install microk8s --classic --channel="${channel}"
fi

say "waiting for microk8s to be ready (up to 5 minutes)"
microk8s status --wait-ready --timeout 300 >/dev/null || die "microk8s did not become ready; see 'microk8s inspect'"

enabled="$(microk8s status --format short 2>/dev/null || true)"
for addon in "${addons[@]}"; do
  if grep -q "^core/${addon}: enabled" <<<"${enabled}"; then
    say "addon ${addon} already enabled"
  else
    say "enabling addon ${addon}"
    microk8s enable "${addon}"
  fi
done

say "waiting for the hostpath storage class"
for _ in $(seq 1 60); do
  if microk8s kubectl get storageclass microk8s-hostpath >/dev/null 2>&1; then
    break
  fi
  sleep 5
done
microk8s kubectl get storageclass microk8s-hostpath >/dev/null 2>&1 || die "storage class microk8s-hostpath did not appear"

say "control plane ready. To add the worker, run this here and paste its output on the worker:"
say "  sudo microk8s add-node --format short | head -n1"
say "then on the worker: sudo deploy/microk8s/join-worker.sh '<the printed join address>'"
