#!/usr/bin/env bash
# Measures what the JDK AOT cache buys at start-up on Java 25, in one run (alternating, so machine noise hits
# both sides alike): the exporter's wall time from launch to its first /health answer, and the wall time of a
# one-scenario replay of the autoscaler. Run after `./mvnw -B -ntp -DskipTests package`.
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

# Wall time from launching the JVM to the first answer of /health on the signals port (the logback config turns
# Micronaut's own "Startup completed in" line off, so it cannot be read from the log).
exporter_startup_ms() {
  local log="${work}/exporter.log" start end=""
  start="$(date +%s%N)"
  "${java}" "$@" -Dmicronaut.environments=demo -Dmicronaut.server.port=19465 \
    -Droutescale.exporter.metrics-port=19464 -jar "${exporter_jar}" >"${log}" 2>&1 &
  local pid=$!
  for _ in $(seq 1 1000); do
    if curl -sf -o /dev/null http://127.0.0.1:19465/health; then
      end="$(date +%s%N)"
      break
    fi
    sleep 0.02
  done
  kill -TERM "${pid}"
  wait "${pid}" || true
  if [ -n "${end}" ]; then
    echo $(( (end - start) / 1000000 ))
  else
    echo "no-answer"
  fi
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
