#!/usr/bin/env bash
# The test command: installs what the tests need on a clean Debian machine (Prometheus and promtool,
# Node.js and npm, shellcheck, chromium; the CRD schema and playwright-core packages from npm), then runs the
# whole suite with the Maven wrapper (./mvnw fetches the Maven it pins from Maven Central and checks its
# SHA-256).
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v prometheus >/dev/null 2>&1 || need_apt+=(prometheus)
command -v promtool >/dev/null 2>&1 || need_apt+=(prometheus)
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
command -v npm >/dev/null 2>&1 || need_apt+=(npm)
command -v shellcheck >/dev/null 2>&1 || need_apt+=(shellcheck)
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing Debian packages the tests need: ${need_apt[*]}"
  if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${need_apt[@]}"
fi

# The Prometheus Operator CRD schemas the chart tests validate against, and playwright-core, which drives the
# Debian chromium to check the replay's report.html (npm, each pinned by its package-lock.json).
npm ci --prefix charts/src/test/node --no-audit --no-fund --loglevel=error
npm ci --prefix autoscaler/src/test/node --no-audit --no-fund --loglevel=error

# The default java (17) builds and tests everything.
exec ./mvnw -B -ntp verify "$@"
