#!/usr/bin/env bash
# Coverage-guided fuzzing with Jazzer (not part of the test suite, which only replays the committed corpus).
# Usage: scripts/fuzz.sh exposition|policy
# Each run lasts the test's maxDuration (10 minutes); findings are written next to the corpus under
# src/test/resources/.../<Test>Inputs/<method>/ and then replayed by every normal test run.
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  exposition) module=exporter; test=ExpositionFuzzTest ;;
  policy) module=autoscaler; test=PolicyFuzzTest ;;
  *) echo "usage: $0 exposition|policy"; exit 2 ;;
esac
./mvnw -B -q -ntp -DskipTests install
JAZZER_FUZZ=1 exec ./mvnw -B -ntp test -pl "$module" -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false
