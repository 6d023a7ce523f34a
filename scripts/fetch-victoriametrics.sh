#!/usr/bin/env bash
# Fetches VictoriaMetrics (a real OTLP/HTTP receiver with a Prometheus query API) for the
# integration tests, from Debian trixie's `victoria-metrics` package: bookworm's 1.79 predates
# OTLP ingestion. Uses a private apt sources list and state folder under the cache, so the
# machine's own apt configuration is never touched; the package is unpacked with dpkg -x,
# not installed.
#
# usage: scripts/fetch-victoriametrics.sh [DEST]      (default DEST: target/backends)
# The binary ends up at DEST/victoria-metrics/usr/bin/victoria-metrics.
# Set EV_OBSERVER_VICTORIAMETRICS=/path/to/victoria-metrics to use a binary you already have.
set -euo pipefail

dest=${1:-target/backends}
bin="$dest/victoria-metrics/usr/bin/victoria-metrics"
suite=${VM_DEBIAN_SUITE:-trixie}
mirror=${VM_DEBIAN_MIRROR:-http://deb.debian.org/debian}

if [[ -n "${EV_OBSERVER_VICTORIAMETRICS:-}" ]]; then
  mkdir -p "$(dirname "$bin")"
  ln -sf "$EV_OBSERVER_VICTORIAMETRICS" "$bin"
  echo "fetch-victoriametrics: using $EV_OBSERVER_VICTORIAMETRICS"
  exit 0
fi
if [[ -x "$bin" ]]; then
  echo "fetch-victoriametrics: already present at $bin"
  exit 0
fi
for tool in apt-get dpkg; do
  command -v "$tool" >/dev/null || {
    echo "fetch-victoriametrics: needs $tool (Debian/Ubuntu); or set EV_OBSERVER_VICTORIAMETRICS" >&2
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

deb=$(ls "$cache"/debs/victoria-metrics_*.deb 2>/dev/null | head -n1 || true)
if [[ -z "$deb" ]]; then
  echo "fetch-victoriametrics: downloading victoria-metrics from Debian $suite"
  apt-get -q "${apt_opts[@]}" update >/dev/null
  (cd "$cache/debs" && apt-get -q "${apt_opts[@]}" download victoria-metrics >/dev/null)
  deb=$(ls "$cache"/debs/victoria-metrics_*.deb | head -n1)
fi
rm -rf "$dest/victoria-metrics"
mkdir -p "$dest/victoria-metrics"
dpkg -x "$deb" "$dest/victoria-metrics"
echo "fetch-victoriametrics: $(basename "$deb") unpacked, binary at $bin"
