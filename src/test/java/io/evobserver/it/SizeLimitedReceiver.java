package io.evobserver.it;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OTLP/HTTP receiver in front of a real backend that refuses bodies above a limit with 413,
 * as the OpenTelemetry Collector's HTTP receiver does past {@code max_request_body_size}, and
 * passes the rest on. Remembers the size of every body it was sent.
 */
final class SizeLimitedReceiver implements AutoCloseable {
    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    final List<Integer> accepted = new CopyOnWriteArrayList<>();
    final List<Integer> refused = new CopyOnWriteArrayList<>();

    SizeLimitedReceiver(String backendBase, int limitBytes) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(limitBytes + 1);
                long rest = in.transferTo(java.io.OutputStream.nullOutputStream());
                if (body.length > limitBytes) {
                    refused.add((int) (body.length + rest));
                    byte[] msg = "request body too large".getBytes();
                    exchange.sendResponseHeaders(413, msg.length);
                    exchange.getResponseBody().write(msg);
                    exchange.close();
                    return;
                }
            }
            accepted.add(body.length);
            try {
                HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(backendBase
                        + exchange.getRequestURI())).POST(HttpRequest.BodyPublishers.ofByteArray(body));
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                forward.header("Content-Type", type == null ? "application/x-protobuf" : type);
                String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                if (encoding != null) {
                    forward.header("Content-Encoding", encoding);
                }
                HttpResponse<byte[]> r = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                exchange.getResponseBody().write(r.body());
            } catch (IOException | InterruptedException e) {
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        server.start();
    }

    String otlpEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/opentelemetry";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
