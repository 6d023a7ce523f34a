#!/usr/bin/env bash
# Fetches promtool (Prometheus' own checker) from Debian trixie's `promtool` package, for the
# test that runs `promtool check metrics` on ev-observer's /metrics output. Nothing is installed;
# the machine's apt configuration is never touched (see lib/debian-packages.sh).
#
# usage: scripts/fetch-promtool.sh [DEST]      (default DEST: target/backends)
# The binary ends up at DEST/promtool/usr/bin/promtool.
# Set EV_OBSERVER_PROMTOOL=/path/to/promtool to use a binary you already have, or
# EV_OBSERVER_PROMTOOL=skip to fetch nothing (PromtoolCheckIT then reports itself skipped).
set -euo pipefail
if [[ "${EV_OBSERVER_PROMTOOL:-}" == skip ]]; then
  echo "fetch-promtool: skipped (EV_OBSERVER_PROMTOOL=skip)"
  exit 0
fi
source "$(dirname "$0")/lib/debian-packages.sh"

dest=${1:-target/backends}
unpack_debian_packages fetch-promtool "$dest/promtool/usr/bin/promtool" \
  "$dest/promtool" "${PROMTOOL_DEBIAN_SUITE:-trixie}" "${PROMTOOL_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
  "${EV_OBSERVER_PROMTOOL:-}" promtool
