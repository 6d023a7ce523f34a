package io.evobserver.source.chargy;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

/**
 * A tiny HTTP server on 127.0.0.1 for the Chargy tests: serves queued responses in order and
 * records every request it saw. Unqueued requests get a 500 so a test that downloads more often
 * than it meant to fails visibly.
 */
final class ChargyStub implements AutoCloseable {

    /** One canned answer; {@code stall} sends the headers and half the body, then hangs. */
    record Response(int status, Map<String, String> headers, byte[] body, boolean gzip, boolean stall) {
        static Response ok(byte[] body) {
            return new Response(200, Map.of("Content-Type", "application/vnd.google-earth.kml+xml"), body, false, false);
        }

        static Response status(int status) {
            return new Response(status, Map.of(), new byte[0], false, false);
        }

        Response withHeader(String name, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(name, value);
            return new Response(status, h, body, gzip, stall);
        }

        Response gzipped() {
            return new Response(status, headers, body, true, stall);
        }

        Response stalling() {
            return new Response(status, headers, body, gzip, true);
        }
    }

    record Request(String method, String path, String rawQuery, Map<String, List<String>> headers) {
        String header(String name) {
            for (Map.Entry<String, List<String>> e : headers.entrySet()) {
                if (e.getKey().equalsIgnoreCase(name)) {
                    return e.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chargy-stub");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Response> queue = new ArrayDeque<>();
    private final List<Request> requests = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    ChargyStub() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The feed URL on this stub, with a key parameter like the real one. */
    URI feedUrl(String key) {
        return base().resolve("/b2bev-external-services/resources/kml?API-KEY=" + key);
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    synchronized ChargyStub enqueue(Response r) {
        queue.add(r);
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    synchronized List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        Response r;
        synchronized (this) {
            Map<String, List<String>> h = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> h.put(k, List.copyOf(v)));
            requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
                    ex.getRequestURI().getRawQuery(), h));
            r = queue.poll();
        }
        try (InputStream ignored = ex.getRequestBody()) {
            ignored.readAllBytes();
        }
        if (r == null) {
            r = new Response(500, Map.of(), "no response queued".getBytes(), false, false);
        }
        byte[] body = r.body();
        Headers out = ex.getResponseHeaders();
        r.headers().forEach(out::add);
        if (r.gzip()) {
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bos)) {
                gz.write(body);
            }
            body = bos.toByteArray();
            out.add("Content-Encoding", "gzip");
        }
        boolean noBody = r.status() == 304 || r.status() == 204;
        ex.sendResponseHeaders(r.status(), noBody ? -1 : (body.length == 0 ? -1 : body.length));
        if (noBody || body.length == 0) {
            ex.close();
            return;
        }
        OutputStream os = ex.getResponseBody();
        if (r.stall()) {
            os.write(body, 0, body.length / 2);
            os.flush();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
            return;
        }
        os.write(body);
        ex.close();
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
