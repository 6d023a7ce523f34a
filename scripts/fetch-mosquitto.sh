#!/usr/bin/env bash
# Fetches the Mosquitto MQTT broker for the BMW stream integration test, from Debian bookworm's
# `mosquitto` package and the two libraries it needs beyond a base system (libwrap0, libdlt2).
# The machine's apt configuration is never touched (see lib/debian-packages.sh).
#
# usage: scripts/fetch-mosquitto.sh [DEST]      (default DEST: target/backends)
# The broker ends up at DEST/mosquitto/usr/sbin/mosquitto; run it with
# LD_LIBRARY_PATH=DEST/mosquitto/usr/lib/x86_64-linux-gnu:DEST/mosquitto/lib/x86_64-linux-gnu
# (the test does). Set EV_OBSERVER_MOSQUITTO=/usr/sbin/mosquitto to use an installed broker.
set -euo pipefail
source "$(dirname "$0")/lib/debian-packages.sh"

dest=${1:-target/backends}
unpack_debian_packages fetch-mosquitto "$dest/mosquitto/usr/sbin/mosquitto" "$dest/mosquitto" \
  "${MOSQUITTO_DEBIAN_SUITE:-bookworm}" "${MOSQUITTO_DEBIAN_MIRROR:-http://deb.debian.org/debian}" \
  "${EV_OBSERVER_MOSQUITTO:-}" mosquitto libwrap0 libdlt2
