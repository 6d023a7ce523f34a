package io.evobserver.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process is up and serving) and {@code /readyz} (see {@link Readiness})
 * for orchestrators' probes: 200 or 503 with a one-line plain-text reason. One small thread;
 * answers GET and HEAD only.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(HttpServer server) {
        this.server = server;
    }

    /** Binds {@code host:port} (port 0: any free port) and starts serving. */
    public static HealthServer start(String host, int port, Supplier<Readiness.Verdict> readiness) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 8);
        server.createContext("/healthz", exchange -> answer(exchange, 200, "ok"));
        server.createContext("/readyz", exchange -> {
            Readiness.Verdict v = readiness.get();
            answer(exchange, v.ready() ? 200 : 503, (v.ready() ? "ready: " : "not ready: ") + v.reason());
        });
        server.createContext("/", exchange -> answer(exchange, 404, "not found: use /healthz or /readyz"));
        server.setExecutor(null); // the server's own dispatcher thread: probes are tiny and rare
        server.start();
        return new HealthServer(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String text) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            boolean exact = exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath());
            if (!exact && status != 404) {
                status = 404;
                text = "not found: use /healthz or /readyz";
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                status = 405;
                text = "method not allowed";
            }
            byte[] body = (text + "\n").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
