#!/usr/bin/env python3
"""An OTLP/HTTP relay for scripts/fleet-scale.sh (RECEIVER=relay).

It answers each export as soon as the whole request body has arrived, then forwards the
request to the real backend from a queue on another thread. That is what an OpenTelemetry
Collector gateway (deploy/) does for ev-observer: its OTLP receiver acknowledges once the
batch processor has taken the data, and the backend's ingest happens behind it. On a
two-core machine it also keeps VictoriaMetrics' own ingest (seconds at 600k points) out of
the figure for ev-observer's export, while every point still lands in VictoriaMetrics.

usage: otlp-relay.py LISTEN_PORT BACKEND_BASE_URL      (e.g. 4318 http://127.0.0.1:8428/opentelemetry)
"""
import http.server
import queue
import sys
import threading
import urllib.request

listen_port = int(sys.argv[1])
backend = sys.argv[2].rstrip("/")
work = queue.Queue()
FORWARDED = ("Content-Type", "Content-Encoding")


def forward():
    while True:
        path, headers, body = work.get()
        request = urllib.request.Request(backend + path, data=body, method="POST", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=300) as answer:
                answer.read()
        except Exception as e:  # keep relaying: the backend's trouble shows in its own log
            print(f"relay: forwarding {len(body)} bytes failed: {e}", file=sys.stderr, flush=True)


class Receiver(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
            return self.rfile.read(int(self.headers.get("Content-Length", "0")))
        parts = []
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline()

    def do_POST(self):
        body = self.read_body()
        headers = {k: self.headers[k] for k in FORWARDED if self.headers.get(k)}
        work.put((self.path, headers, body))
        # an empty ExportMetricsServiceResponse: everything accepted
        self.send_response(200)
        self.send_header("Content-Type", "application/x-protobuf")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


threading.Thread(target=forward, daemon=True).start()
http.server.ThreadingHTTPServer(("127.0.0.1", listen_port), Receiver).serve_forever()
