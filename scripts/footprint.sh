#!/usr/bin/env bash
# Footprint of one demo vehicle: start-up to first export, and resident memory after a while,
# for plain `java -jar` (JVM defaults) and for bin/ev-observer (the shipped flags, with the CDS
# archive when one exists), both exporting OTLP/HTTP into a real VictoriaMetrics every 60 s.
#
#   start-up : wall time of `run --once` (JVM start, first refresh, one export accepted, exit 0)
#   memory   : VmRSS and VmHWM (peak) of a `run` daemon after DURATION seconds
#
# usage: scripts/footprint.sh [DURATION_SECONDS]     (default 120; the issue's figure is 600)
# env:   RUNS=2 (start-up runs per variant), OUT=target/footprint
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-120}
runs=${RUNS:-2}
out=${OUT:-target/footprint}
mkdir -p "$out"
[[ -f target/ev-observer.jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
scripts/fetch-victoriametrics.sh target/backends >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
vm_data=$(mktemp -d)
target/backends/victoria-metrics/usr/bin/victoria-metrics -storageDataPath="$vm_data" \
  -httpListenAddr="127.0.0.1:$port" -opentelemetry.usePrometheusNaming -loggerLevel=WARN >"$out/vm.log" 2>&1 &
vm_pid=$!
pids=()
cleanup() { for p in "${pids[@]}" "$vm_pid"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$vm_data"; }
trap cleanup EXIT INT TERM
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
endpoint="http://127.0.0.1:$port/opentelemetry"

plain() { java -jar target/ev-observer.jar "$@"; }
launcher() { bin/ev-observer "$@"; }

echo "machine: $(nproc) cpu, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "launcher flags: $(grep '^default_opts=' bin/ev-observer | cut -d'"' -f2)$( [[ -f target/ev-observer.jsa ]] && echo ' + CDS target/ev-observer.jsa')"
for variant in plain launcher; do
  for i in $(seq "$runs"); do
    start=$(date +%s%N)
    "$variant" run --vehicle demo --once --otlp-endpoint "$endpoint" --log-level warn >"$out/once-$variant-$i.log" 2>&1
    echo "$variant: start-up to first export accepted (run --once, exit 0): $(( ($(date +%s%N) - start) / 1000000 )) ms"
  done
done
# exec: $! is the JVM itself, so cleanup stops it and /proc/$! is its memory
(exec java -jar target/ev-observer.jar run --vehicle demo --otlp-endpoint "$endpoint" >"$out/daemon-plain.log" 2>&1) &
pids+=("$!")
(exec bin/ev-observer run --vehicle demo --otlp-endpoint "$endpoint" >"$out/daemon-launcher.log" 2>&1) &
pids+=("$!")
sleep "$duration"
i=0
for variant in plain launcher; do
  pid=${pids[$i]}
  echo "$variant after ${duration}s: $(grep -E 'VmRSS|VmHWM' "/proc/$pid/status" | tr -s ' \t' ' ' | tr '\n' ' ')"
  i=$((i + 1))
done
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
