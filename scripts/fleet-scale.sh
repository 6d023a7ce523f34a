#!/usr/bin/env bash
# Fleet scale (demo refreshed every 30 s real time, as before the demo polled on its own clock): runs the real jar with N demo vehicles pushing OTLP/HTTP into a real
# VictoriaMetrics, waits for a few exports, then reports per N:
#   - collection time and export time per export (mean of the exports after the first two), from the SDK's own metrics
#     (OTEL_EXPERIMENTAL_SDK_TELEMETRY_VERSION=latest: otel.sdk.metric_reader.collection.duration
#     and otel.sdk.exporter.operation.duration, read back from VictoriaMetrics),
#     (export time is summed over the OTLP requests of one collection: the disk buffer may send one
#     collection in several pieces),
#   - CPU seconds the whole process used per export interval (all threads: demo simulation,
#     collection, disk buffer, encoding, HTTP), from /proc/PID/stat,
#   - heap after the exports (jcmd GC.heap_info: used, and live = used after a full GC; jstat GC totals), RSS (VmRSS),
#   - series count VictoriaMetrics holds for the run.
#
# usage: scripts/fleet-scale.sh [N ...]          (default: 10 100 1000 10000)
# env:   EXPORT_INTERVAL=60s  EXPORTS=2  JAVA_OPTS="-Xmx512m"  MEMORY_MODE=immutable_data|reusable_data
#        COMPRESSION=none|gzip  BUFFER=on|off (off: --no-buffer)  OUT=target/fleet-scale (logs and raw answers)
#        RECEIVER=vm (ev-observer exports straight into VictoriaMetrics: export time includes its ingest)
#               | relay (through scripts/lib/otlp-relay.py, which acknowledges on receipt and forwards,
#                 as a Collector gateway does: export time is ev-observer's own work and the transfer)
# needs: target/ev-observer.jar (mvn -B -q -DskipTests package), jcmd/jstat (a JDK), curl, python3.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10 100 1000 10000)
interval=${EXPORT_INTERVAL:-60s}
exports=${EXPORTS:-2}
java_opts=${JAVA_OPTS:--Xmx512m}
memory_mode=${MEMORY_MODE:-immutable_data}
compression=${COMPRESSION:-none}
buffer=${BUFFER:-on}
receiver=${RECEIVER:-vm}
[[ $receiver == vm || $receiver == relay ]] || { echo "RECEIVER must be vm or relay" >&2; exit 2; }
out=${OUT:-target/fleet-scale}
mkdir -p "$out"
# a private buffer folder: the user's own (~/.local/state/ev-observer/buffer) may hold an earlier run's exports
buffer_args=(--buffer-dir "$out/buffer")
[[ $buffer == off ]] && buffer_args=(--no-buffer)
secs=${interval%s}
[[ $secs =~ ^[0-9]+$ ]] || { echo "EXPORT_INTERVAL must be whole seconds like 60s" >&2; exit 2; }

[[ -f target/ev-observer.jar ]] || { echo "build first: mvn -B -q -DskipTests package" >&2; exit 2; }
scripts/fetch-victoriametrics.sh target/backends >/dev/null
vm_bin=target/backends/victoria-metrics/usr/bin/victoria-metrics
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
vm_data=$(mktemp -d)
"$vm_bin" -storageDataPath="$vm_data" -httpListenAddr="127.0.0.1:$port" -opentelemetry.usePrometheusNaming \
  -search.latencyOffset=0s -search.disableCache -retentionPeriod=100y -loggerLevel=WARN \
  -maxInsertRequestSize=512MB >"$out/victoria-metrics.log" 2>&1 &
vm_pid=$!
app_pid=
relay_pid=
endpoint="http://127.0.0.1:$port/opentelemetry"
cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null || true
  [[ -n $relay_pid ]] && kill "$relay_pid" 2>/dev/null || true
  kill "$vm_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$vm_data"
}
trap cleanup EXIT INT TERM
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.1; done
if [[ $receiver == relay ]]; then
  relay_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  python3 scripts/lib/otlp-relay.py "$relay_port" "$endpoint" >"$out/relay.log" 2>&1 &
  relay_pid=$!
  endpoint="http://127.0.0.1:$relay_port"
  for _ in $(seq 50); do curl -s -o /dev/null "$endpoint" 2>/dev/null && break; sleep 0.1; done
fi

per_export() { # sum0 count0 sum1 count1 -> ms per export between the two readings
  python3 -c 'import sys
a=sys.argv[1:]
try:
    s0,n0,s1,n1=(float(x) for x in a); print("%.1f" % (1000*(s1-s0)/(n1-n0)) if n1>n0 else "-")
except ValueError: print("-")' "$@"
}

heap_used() { # jcmd GC.heap_info output -> MB used (young + old)
  python3 - "$1" <<'PY'
import re,sys
t=open(sys.argv[1]).read()
used=sum(int(x) for x in re.findall(r'used (\d+)K', t.split('Metaspace')[0]))
print(round(used/1024))
PY
}

cpu_seconds() { # PID -> user+system CPU seconds so far (all threads)
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f", ($12 + $13) / hz }' "/proc/$1/stat"
}

query() { # PromQL -> first value, or "-"
  curl -fsS "http://127.0.0.1:$port/internal/force_flush" >/dev/null || true
  curl -fsS --data-urlencode "query=$1" "http://127.0.0.1:$port/api/v1/query" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "-")'
}

echo "machine: $(nproc) cpu, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "settings: export every $interval, wait for $exports exports, JAVA_OPTS=$java_opts, memory mode $memory_mode, compression $compression, disk buffer $buffer, receiver $receiver"
printf '%8s %10s %12s %12s %10s %10s %8s %10s %8s %8s %s\n' vehicles series collect_ms export_ms cpu_s/exp heap_MB live_MB rss_MB gc_n gc_s load1
for n in "${sizes[@]}"; do
  inst="fleet-$n-$$"
  OTEL_EXPERIMENTAL_SDK_TELEMETRY_VERSION=latest \
  OTEL_JAVA_EXPORTER_MEMORY_MODE=$memory_mode \
  OTEL_EXPORTER_OTLP_COMPRESSION=$compression \
  OTEL_EXPORTER_OTLP_TIMEOUT=60000 \
  OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$inst" \
  JAVA_TOOL_OPTIONS="$java_opts" \
    java -jar target/ev-observer.jar run --vehicle demo --demo-vehicles "$n" --interval 30s --exporter otlp \
      --otlp-endpoint "$endpoint" --export-interval "$interval" --log-level info "${buffer_args[@]}" \
      >"$out/run-$n.log" 2>&1 &
  app_pid=$!
  # The SDK's self-metrics of export k travel with export k+1, and the first export is cold
  # (class loading, connection set-up): take a baseline after two exports, then average the
  # next $exports exports only.
  sel="service_instance_id=\"$inst\""
  sleep $(( secs * 2 ))
  for _ in $(seq 120); do # until both histograms have arrived (through the relay they trail the exports)
    [[ $(query "sum(otel_sdk_exporter_operation_duration_seconds_count{$sel})") != - &&
       $(query "sum(otel_sdk_metric_reader_collection_duration_seconds_sum{$sel})") != - ]] && break; sleep 1
  done
  c0=$(query "sum(otel_sdk_metric_reader_collection_duration_seconds_sum{$sel})"); n0=$(query "sum(otel_sdk_metric_reader_collection_duration_seconds_count{$sel})")
  e0=$(query "sum(otel_sdk_exporter_operation_duration_seconds_sum{$sel})"); m0=$(query "sum(otel_sdk_exporter_operation_duration_seconds_count{$sel})")
  cpu0=$(cpu_seconds "$app_pid")
  sleep $(( secs * exports ))
  for _ in $(seq 120); do # until the last of those collections has been reported
    [[ $(query "sum(otel_sdk_metric_reader_collection_duration_seconds_count{$sel}) >= $n0 + $exports") != - ]] && break; sleep 1
  done
  cpu1=$(cpu_seconds "$app_pid")
  jcmd "$app_pid" GC.heap_info >"$out/heap-$n.txt" 2>&1 || true
  jstat -gcutil "$app_pid" >"$out/gc-$n.txt" 2>&1 || true
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$app_pid/status")
  # what a full GC leaves: the live set between exports (heap_MB above also counts garbage not yet collected)
  jcmd "$app_pid" GC.run >/dev/null 2>&1 || true
  jcmd "$app_pid" GC.heap_info >"$out/heap-live-$n.txt" 2>&1 || true
  heap=$(heap_used "$out/heap-$n.txt"); live=$(heap_used "$out/heap-live-$n.txt")
  gc=$(awk 'NR==2 {print $7+$9 " " $NF}' "$out/gc-$n.txt")
  c1=$(query "sum(otel_sdk_metric_reader_collection_duration_seconds_sum{$sel})"); n1=$(query "sum(otel_sdk_metric_reader_collection_duration_seconds_count{$sel})")
  e1=$(query "sum(otel_sdk_exporter_operation_duration_seconds_sum{$sel})"); m1=$(query "sum(otel_sdk_exporter_operation_duration_seconds_count{$sel})")
  collect=$(per_export "$c0" "$n0" "$c1" "$n1"); export_ms=$(per_export "$e0" "$n0" "$e1" "$n1")
  cpu=$(python3 -c 'import sys; print("%.2f" % ((float(sys.argv[2])-float(sys.argv[1]))/int(sys.argv[3])))' "$cpu0" "$cpu1" "$exports")
  series=$(query "count({$sel})")
  kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=
  grep -E "WARN|SEVERE|ERROR" "$out/run-$n.log" | head -3 || true
  echo "$n readings: collect $c0/$n0 -> $c1/$n1, export $e0/$m0 -> $e1/$m1, cpu $cpu0 -> $cpu1" >>"$out/readings.txt"
  printf '%8s %10s %12s %12s %10s %10s %8s %10s %8s %8s %s\n' "$n" "$series" "$collect" "$export_ms" "$cpu" \
    "$heap" "$live" "$rss" ${gc:-- -} "$(cut -d' ' -f1 /proc/loadavg)"
done
