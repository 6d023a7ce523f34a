#!/usr/bin/env bash
# Fetches VictoriaMetrics (a real OTLP/HTTP receiver with a Prometheus query API) for the
# integration tests, from Debian trixie's `victoria-metrics` package: bookworm's 1.79 predates
# OTLP ingestion. The machine's apt configuration is never touched (see lib/debian-packages.sh).
#
# usage: scripts/fetch-victoriametrics.sh [DEST]      (default DEST: target/backends)
# The binary ends up at DEST/victoria-metrics/usr/bin/victoria-metrics.
# Set EV_OBSERVER_VICTORIAMETRICS=/path/to/victoria-metrics to use a binary you already have.
set -euo pipefail
source "$(dirname "$0")/lib/debian-packages.sh"

dest=${1:-target/backends}
unpack_debian_packages fetch-victoriametrics "$dest/victoria-metrics/usr/bin/victoria-metrics" \
  "$dest/victoria-metrics" "${VM_DEBIAN_SUITE:-trixie}" "${VM_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
  "${EV_OBSERVER_VICTORIAMETRICS:-}" victoria-metrics
