#!/usr/bin/env bash
# Measures what the JDK AOT cache buys at start-up on Java 25, in one run (alternating, so machine noise hits
# both sides alike): the exporter's own "Startup completed in" figure, and the wall time of a one-scenario
# replay of the autoscaler. Run after `./mvnw -B -ntp -DskipTests package`.
#   native/measure-aot-startup.sh [runs] [java]        (defaults: 5, java on PATH; must be 25 or newer)
set -euo pipefail

runs="${1:-5}"
java="${2:-java}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=0.1.0-SNAPSHOT
exporter_jar="${root}/exporter/target/routescale-exporter-${version}.jar"
autoscaler_jar="${root}/autoscaler/target/routescale-autoscaler-${version}.jar"
work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

TRAINING_SECONDS=15 bash "${root}/native/aot-training.sh" exporter "${exporter_jar}" "${work}/exporter.aot" "${java}" >/dev/null 2>&1
bash "${root}/native/aot-training.sh" autoscaler "${autoscaler_jar}" "${work}/autoscaler.aot" "${java}" >/dev/null 2>&1

exporter_startup_ms() {
  local log="${work}/exporter.log"
  "${java}" "$@" -Dmicronaut.environments=demo -Dmicronaut.server.port=19465 \
    -Droutescale.exporter.metrics-port=19464 -jar "${exporter_jar}" >"${log}" 2>&1 &
  local pid=$!
  for _ in $(seq 1 100); do
    if grep -q "Startup completed in" "${log}"; then
      break
    fi
    sleep 0.2
  done
  kill -TERM "${pid}"
  wait "${pid}" || true
  grep -o "Startup completed in [0-9]*ms" "${log}" | grep -o "[0-9]*"
}

replay_ms() {
  local start end
  start="$(date +%s%N)"
  "${java}" "$@" -jar "${autoscaler_jar}" replay --scenario flash-crowd --report "${work}/report" >/dev/null 2>&1
  end="$(date +%s%N)"
  echo $(( (end - start) / 1000000 ))
}

printf 'run exporter_ms exporter_aot_ms replay_ms replay_aot_ms\n'
for i in $(seq 1 "${runs}"); do
  printf '%s %s %s %s %s\n' "${i}" "$(exporter_startup_ms)" "$(exporter_startup_ms -XX:AOTCache="${work}/exporter.aot")" \
    "$(replay_ms)" "$(replay_ms -XX:AOTCache="${work}/autoscaler.aot")"
done
