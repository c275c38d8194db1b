#!/usr/bin/env bash
# Benchmarks (not part of the test suite): JMH parse+aggregate at 50/500/5,000 services with heap allocation,
# then the full scrape cycle under the sidecar's heap beside the real Prometheus on the same payload, for the
# default 5,000-service body and the umbrella's. ~10 minutes.
# Pass --quick for fewer JMH iterations.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v prometheus >/dev/null 2>&1 || { echo "needs the Debian package 'prometheus' (scripts/test.sh installs it)"; exit 1; }
./mvnw -B -q -ntp -DskipTests install
cp=$(mktemp)
./mvnw -B -q -ntp -pl exporter dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp"
exec java -cp "exporter/target/test-classes:exporter/target/classes:$(cat "$cp")" \
  io.routescale.exporter.bench.BenchmarkMain "$@"
