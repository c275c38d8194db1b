#!/usr/bin/env bash
# Benchmark (not part of the test suite): the exporter jar's resident memory under the sidecar's JVM options,
# against a Traefik stand-in at the caps (SERVICES services with routers), while /signals is read every
# second by READERS clients at once and /metrics every METRICS_EVERY seconds (default 1). Runs each set of JVM
# options for SECONDS in
# the same session (ratios, not absolutes, are what a shared machine can compare) and prints peak RSS (VmHWM),
# the last RSS and the scrape errors; EXTRA_OPTS runs a third set, OLD=0 skips the old options.
# SHAPE=umbrella serves the chart's 16 buckets with GET and POST (45 series per service and router: about 450,000
# at 5,000 services) instead of the default buckets; SCRAPE_INTERVAL and SCRAPE_TIMEOUT set the exporter's
# (default its 2 s and 1.5 s).
# Usage: [METRICS_EVERY=15] [SHAPE=umbrella] [SCRAPE_INTERVAL=5s SCRAPE_TIMEOUT=4s] [OLD=0] [EXTRA_OPTS=...]
#        scripts/bench-exporter-memory.sh [SERVICES] [SECONDS] [READERS]
set -euo pipefail
cd "$(dirname "$0")/.."
services=${1:-2500}
seconds=${2:-90}
readers=${3:-4}
metrics_every=${METRICS_EVERY:-1}   # seconds between /metrics scrapes; Prometheus' default is 15
./mvnw -B -q -ntp -DskipTests install
cp=$(mktemp)
./mvnw -B -q -ntp -pl exporter dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp"
jar=exporter/target/routescale-exporter-0.1.0-SNAPSHOT.jar
old_opts="-Xmx64m -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData"
# The chart's options; MALLOC_ARENA_MAX 2 as the chart sets it, against glibc's default (8 per core; 64 here).
new_opts=$(sed -n 's/^ *value: \(-Xmx[0-9]*m .*\)$/\1/p' charts/routescale-stack/values.yaml | head -1)
[ -n "$new_opts" ] || { echo "no -Xmx option found in charts/routescale-stack/values.yaml"; exit 1; }

java -cp "exporter/target/test-classes:exporter/target/classes:$(cat "$cp")" \
  io.routescale.exporter.bench.TraefikStandIn 19100 "$services" "${SHAPE:-default}" &
standin=$!
trap 'kill "$standin" 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null http://127.0.0.1:19100/metrics && break; sleep 1; done

run() {
  local name=$1 opts=$2 arenas=$3
  JAVA_TOOL_OPTIONS="$opts" MALLOC_ARENA_MAX="$arenas" ROUTESCALE_EXPORTER_TRAEFIK_URL=http://127.0.0.1:19100/metrics \
    ROUTESCALE_EXPORTER_SCRAPE_INTERVAL="${SCRAPE_INTERVAL:-2s}" \
    ROUTESCALE_EXPORTER_SCRAPE_TIMEOUT="${SCRAPE_TIMEOUT:-1500ms}" ROUTESCALE_EXPORTER_METRICS_PORT=19464 MICRONAUT_SERVER_PORT=19465 ROUTESCALE_LOG_FORMAT=text \
    java -jar "$jar" >"/tmp/bench-exporter-$name.log" 2>&1 &
  local pid=$!
  sleep 10
  local end=$((SECONDS + seconds)) peak=0 rss=0 now
  while [ "$SECONDS" -lt "$end" ] && kill -0 "$pid" 2>/dev/null; do
    now=$(awk '/^VmHWM/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
    [ "${now:-0}" -gt "$peak" ] && peak=$now
    rss=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null || echo 0)
    # A closed loop: each second the readers and one /metrics scrape start together, and the next second's
    # wait for all of them (at most 10 s each), so a slow answer cannot pile up ever more requests.
    local clients=()
    for _ in $(seq 1 "$readers"); do curl -s -m 10 -o /dev/null http://127.0.0.1:19465/signals & clients+=("$!"); done
    if [ $((SECONDS % metrics_every)) -eq 0 ]; then
      curl -s -m 10 -o /dev/null http://127.0.0.1:19464/metrics & clients+=("$!")
    fi
    sleep 1
    for c in "${clients[@]}"; do wait "$c" 2>/dev/null || true; done
  done
  local errors alive=yes
  [ -n "${rss:-}" ] || rss=0
  kill -0 "$pid" 2>/dev/null || alive=no
  local self
  self=$(curl -s http://127.0.0.1:19464/metrics || true)
  errors=$(awk '/^routescale_exporter_scrape_errors_total/ {s+=$2} END {print s+0}' <<<"$self")
  # The mean scrape (fetch + parse) over the run, from the exporter's own histogram: speed beside memory.
  mean_ms=$(awk '/^routescale_exporter_scrape_duration_seconds_sum/ {s=$2} /^routescale_exporter_scrape_duration_seconds_count/ {c=$2}
    END {if (c > 0) printf "%.0f ms", 1000 * s / c; else print "?"}' <<<"$self")
  [ "$alive" = yes ] || { errors='?'; mean_ms='?'; }   # a dead exporter answers nothing to count
  printf '%-4s opts: %s MALLOC_ARENA_MAX=%s\n     alive at the end: %s  peak RSS: %s  last RSS: %s  scrape errors: %s  mean scrape: %s  OutOfMemoryErrors logged: %s\n' \
    "$name" "$opts" "$arenas" "$alive" "$((peak / 1024)) MiB" "$((rss / 1024)) MiB" "${errors:-?}" "$mean_ms" \
    "$(grep -c 'java.lang.OutOfMemoryError' "/tmp/bench-exporter-$name.log" || true)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

echo "exporter memory: $services services with routers (${SHAPE:-default} shape), $readers /signals readers a second, /metrics every $metrics_every s, $seconds s each"
if [ "${OLD:-1}" != 0 ]; then run old "$old_opts" 64; fi
run new "$new_opts" 2
if [ -n "${EXTRA_OPTS:-}" ]; then run extra "$EXTRA_OPTS" 2; fi
