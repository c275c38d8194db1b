#!/usr/bin/env bash
# Builds the container images of both daemons with podman (or docker): JVM images with the Java 25 AOT cache,
# and, with --native, GraalVM native images.
#   native/build-images.sh [--native] [registry/prefix] [tag]     (defaults: ghcr.io/routescale, 0.1.0)
set -euo pipefail

kind=jvm
if [ "${1:-}" = "--native" ]; then
  kind=native
  shift
fi
prefix="${1:-ghcr.io/routescale}"
tag="${2:-0.1.0}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if command -v podman >/dev/null 2>&1; then
  engine=podman
elif command -v docker >/dev/null 2>&1; then
  engine=docker
else
  printf '[routescale] error: neither podman nor docker is installed\n' >&2
  exit 1
fi

for module in exporter autoscaler; do
  image="${prefix}/${module}:${tag}"
  if [ "${kind}" = native ]; then
    image="${image}-native"
  fi
  printf '[routescale] building %s (%s)\n' "${image}" "${kind}"
  "${engine}" build -f "${root}/native/Containerfile.${kind}" --build-arg MODULE="${module}" -t "${image}" "${root}"
done
