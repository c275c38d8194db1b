#!/usr/bin/env bash
# Writes a JDK AOT cache (JEP 483/514, Java 25) for one routescale daemon from a short training run, so the
# JVM image starts with its classes already loaded and linked.
#   native/aot-training.sh exporter|autoscaler <jar> <cache-file> [java]
# The cache is only valid for the same JDK build and the same jar path: train where the image runs the jar.
set -euo pipefail

module="${1:-}"
jar="${2:-}"
cache="${3:-}"
java="${4:-java}"

die() { printf '[routescale] error: %s\n' "$*" >&2; exit 1; }

if [ -z "${module}" ] || [ -z "${jar}" ] || [ -z "${cache}" ]; then
  die "usage: $0 exporter|autoscaler <jar> <cache-file> [java]"
fi
[ -f "${jar}" ] || die "no jar at ${jar}"

case "${module}" in
  exporter)
    # The demo environment replays a real Traefik capture on localhost: scrape, parse, window, signals and
    # exposition all run. The JVM writes the cache when it exits on SIGTERM, as in a pod.
    "${java}" -XX:AOTCacheOutput="${cache}" -Dmicronaut.environments=demo \
      -Dmicronaut.server.port=19465 -Droutescale.exporter.metrics-port=19464 -jar "${jar}" &
    pid=$!
    sleep "${TRAINING_SECONDS:-20}"
    kill -TERM "${pid}"
    wait "${pid}" || true
    ;;
  autoscaler)
    # The bundled scenarios run the decision code, the policy parser and the report writers.
    report="$(mktemp -d)"
    "${java}" -XX:AOTCacheOutput="${cache}" -jar "${jar}" replay --scenario all --report "${report}" >/dev/null
    rm -rf "${report}"
    ;;
  *)
    die "unknown module '${module}' (exporter or autoscaler)"
    ;;
esac

[ -s "${cache}" ] || die "the JVM wrote no AOT cache at ${cache}"
printf '[routescale] AOT cache for %s: %s (%s bytes)\n' "${module}" "${cache}" "$(wc -c <"${cache}")"
