#!/usr/bin/env bash
# Autoscaler benchmarks (not part of the test suite):
#   reaction  - Traefik load step 5x -> first /scale write, direct vs Prometheus path, stepped early and settled,
#               median of N runs (~15 min at N=3)
#   capacity  - decision cycles over N targets (default 2,000) against the watching API server for tests, with
#               informer caches and with a GET per target: steady p50/p99, reads and writes per cycle, heap (~3 min)
#   prometheus - one Prometheus read of 2,000 targets (real Prometheus, two stand-in exporters): p50/p99 time
#               and HTTP requests per read (~1 min)
# Usage: scripts/bench-autoscaler.sh reaction [runs] | capacity [targets] [watch,read] | prometheus [targets] [reads]
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-reaction}; shift || true
command -v prometheus >/dev/null 2>&1 || { echo "needs the Debian package 'prometheus' (scripts/test.sh installs it)"; exit 1; }
./mvnw -B -q -ntp -DskipTests install
cp=$(mktemp)
./mvnw -B -q -ntp -pl autoscaler dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp"
case "$what" in
  reaction) main=io.routescale.autoscaler.bench.ReactionBenchmark ;;
  capacity) main=io.routescale.autoscaler.bench.CapacityBenchmark ;;
  prometheus) main=io.routescale.autoscaler.bench.PrometheusReadBenchmark ;;
  *) echo "usage: $0 reaction [runs] | capacity [targets] [watch,read] | prometheus [targets] [reads]"; exit 2 ;;
esac
exec java -cp "autoscaler/target/test-classes:autoscaler/target/classes:$(cat "$cp")" "$main" "$@"
