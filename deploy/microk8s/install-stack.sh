#!/usr/bin/env bash
# Installs (or upgrades) routescale-stack on the microk8s cluster: Traefik with the routescale exporter,
# kube-prometheus-stack with Grafana, and the routescale autoscaler, with values-microk8s.yaml.
#   deploy/microk8s/install-stack.sh [release] [namespace]     (defaults: routescale routescale)
# Needs the helm3 addon and network access to the Traefik and prometheus-community chart repositories.
set -euo pipefail

release="${1:-routescale}"
namespace="${2:-routescale}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
chart="${root}/charts/routescale-stack"

say() { printf '[routescale] %s\n' "$*"; }
die() { printf '[routescale] error: %s\n' "$*" >&2; exit 1; }

if command -v microk8s >/dev/null 2>&1; then
  helm=(microk8s helm3)
  kubectl=(microk8s kubectl)
else
  command -v helm >/dev/null 2>&1 || die "neither microk8s nor helm is on PATH"
  helm=(helm)
  kubectl=(kubectl)
fi

"${kubectl[@]}" get nodes >/dev/null 2>&1 || die "the cluster does not answer; run setup-control-plane.sh first"

say "fetching the chart dependencies (Traefik, kube-prometheus-stack) into ${chart}/charts"
"${helm[@]}" repo add traefik https://traefik.github.io/charts >/dev/null 2>&1 || true
"${helm[@]}" repo add prometheus-community https://prometheus-community.github.io/helm-charts >/dev/null 2>&1 || true
"${helm[@]}" dependency build "${chart}"

# The namespace is not labelled to enforce a Pod Security Standard: kube-prometheus-stack's node-exporter needs
# host access (hostNetwork, hostPID, hostPath), which only "privileged" allows. routescale's pods and the
# Traefik pod with its exporter sidecar meet "restricted" (checked by the chart tests).
if ! "${kubectl[@]}" get namespace "${namespace}" >/dev/null 2>&1; then
  say "creating namespace ${namespace}"
  "${kubectl[@]}" create namespace "${namespace}"
fi

say "installing release ${release} in ${namespace}"
"${helm[@]}" upgrade --install "${release}" "${chart}" \
  --namespace "${namespace}" \
  --values "${chart}/values-microk8s.yaml" \
  --wait --timeout 10m

say "running the release's tests"
"${helm[@]}" test "${release}" --namespace "${namespace}"
say "done: Traefik on node ports 30080/30443, Grafana on 30300"
