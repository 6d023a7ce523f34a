#!/usr/bin/env bash
# Fetches the Mosquitto MQTT broker for the BMW stream integration test, from Debian bookworm's
# `mosquitto` package and the two libraries it needs beyond a base system (libwrap0, libdlt2).
# Like fetch-victoriametrics.sh: a private apt sources list and state folder under the cache, so
# the machine's own apt configuration is never touched; packages are unpacked with dpkg -x, not
# installed.
#
# usage: scripts/fetch-mosquitto.sh [DEST]      (default DEST: target/backends)
# The broker ends up at DEST/mosquitto/usr/sbin/mosquitto; run it with
# LD_LIBRARY_PATH=DEST/mosquitto/usr/lib/x86_64-linux-gnu:DEST/mosquitto/lib/x86_64-linux-gnu
# (the test does). Set EV_OBSERVER_MOSQUITTO=/usr/sbin/mosquitto to use an installed broker.
set -euo pipefail

dest=${1:-target/backends}
bin="$dest/mosquitto/usr/sbin/mosquitto"
suite=${MOSQUITTO_DEBIAN_SUITE:-bookworm}
mirror=${MOSQUITTO_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [[ -n "${EV_OBSERVER_MOSQUITTO:-}" ]]; then
  mkdir -p "$(dirname "$bin")"
  ln -sf "$EV_OBSERVER_MOSQUITTO" "$bin"
  echo "fetch-mosquitto: using $EV_OBSERVER_MOSQUITTO"
  exit 0
fi
if [[ -x "$bin" ]]; then
  echo "fetch-mosquitto: already present at $bin"
  exit 0
fi
for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null || {
    echo "fetch-mosquitto: needs $tool (Debian/Ubuntu); or set EV_OBSERVER_MOSQUITTO" >&2
    exit 1
  }
done

cache=${XDG_CACHE_HOME:-$HOME/.cache}/ev-observer/apt-$suite
mkdir -p "$cache/lists/partial" "$cache/archives/partial" "$cache/debs"
echo "deb $mirror $suite main" > "$cache/sources.list"
apt_opts=(
  -o "Dir::Etc::sourcelist=$cache/sources.list"
  -o "Dir::Etc::sourceparts=/dev/null"
  -o "Dir::State::Lists=$cache/lists"
  -o "Dir::State::status=/dev/null"
  -o "Dir::Cache=$cache"
  -o "Dir::Cache::archives=$cache/archives"
  -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=$(id -un)"
)

packages=(mosquitto libwrap0 libdlt2)
missing=()
for p in "${packages[@]}"; do
  ls "$cache"/debs/"${p}"_*.deb >/dev/null 2>&1 || missing+=("$p")
done
if (( ${#missing[@]} )); then
  echo "fetch-mosquitto: downloading ${missing[*]} from Debian $suite"
  apt-get -q "${apt_opts[@]}" update >/dev/null
  (cd "$cache/debs" && apt-get -q "${apt_opts[@]}" download "${missing[@]}" >/dev/null)
fi
rm -rf "$dest/mosquitto"
mkdir -p "$dest/mosquitto"
for p in "${packages[@]}"; do
  dpkg -x "$(ls "$cache"/debs/"${p}"_*.deb | head -n1)" "$dest/mosquitto"
done
echo "fetch-mosquitto: unpacked, broker at $bin"
