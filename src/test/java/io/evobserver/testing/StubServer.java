package io.evobserver.testing;

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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * A scripted HTTP server for tests: a JDK {@link HttpServer} on 127.0.0.1 and a random port.
 *
 * <pre>{@code
 * try (StubServer stub = StubServer.start()) {
 *     stub.on("POST", "/oauth2/v3/token").respond(200, StubServer.fixture("tesla/token.json"));
 *     stub.on("GET", "/api/1/vehicles")
 *             .respond(StubServer.Response.json(401, "{}"))          // first call
 *             .respondAlways(StubServer.Response.fixture(200, "tesla/vehicles.json")); // then every call
 *     ... point the client at stub.baseUri() ...
 *     StubServer.RecordedRequest call = stub.lastRequest("GET", "/api/1/vehicles");
 *     assertThat(call.header("authorization")).contains("Bearer new-token");
 * }
 * }</pre>
 *
 * Routes match on method and exact path (no query). Each route answers with its queued responses
 * in order, each once, then with its {@code respondAlways} response, then with the server's
 * default (404 JSON unless {@link #defaultResponse} changes it). Every request is recorded.
 */
public final class StubServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Response defaultResponse = Response.json(404, "{\"error\":\"no stub route\"}");

    private StubServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts a server on 127.0.0.1 and a free port. */
    public static StubServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // a thread per request, so a delayed response does not hold up the others
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "stub-server");
                thread.setDaemon(true);
                return thread;
            });
            StubServer stub = new StubServer(server, executor);
            server.createContext("/", stub::handle);
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    /** An absolute URI on this server, e.g. {@code uri("/oauth2/v3/token")}. */
    public URI uri(String pathAndQuery) {
        return URI.create(baseUri() + pathAndQuery);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The route for this method and exact path (created on first use; the same object after). */
    public Route on(String method, String path) {
        return routes.computeIfAbsent(method.toUpperCase(Locale.ROOT) + " " + path, key -> new Route());
    }

    /** What requests without a route (or with an exhausted one) get. */
    public StubServer defaultResponse(Response response) {
        this.defaultResponse = response;
        return this;
    }

    /** Every request received so far, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public List<RecordedRequest> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equalsIgnoreCase(method) && r.path().equals(path))
                .toList();
    }

    /** The latest request to this method and path; fails the test when there was none. */
    public RecordedRequest lastRequest(String method, String path) {
        List<RecordedRequest> matching = requests(method, path);
        if (matching.isEmpty()) {
            throw new AssertionError("no " + method + " " + path + " request; got " + requests);
        }
        return matching.get(matching.size() - 1);
    }

    /** A classpath resource as UTF-8 text, e.g. {@code fixture("tesla/vehicle_data.json")}. */
    public static String fixture(String resource) {
        return new String(fixtureBytes(resource), StandardCharsets.UTF_8);
    }

    /** A classpath resource (from {@code src/test/resources/}) as bytes. */
    public static byte[] fixtureBytes(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = StubServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow(); // interrupts delayed responses
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(), uri.getRawPath(),
                    uri.getRawQuery(), Collections.unmodifiableMap(headers),
                    exchange.getRequestBody().readAllBytes());
            requests.add(request);
            Route route = routes.get(request.method().toUpperCase(Locale.ROOT) + " " + request.path());
            Response response = route == null ? null : route.next(request);
            send(exchange, response == null ? defaultResponse : response);
        }
    }

    private static void send(HttpExchange exchange, Response response) throws IOException {
        if (!response.delay().isZero()) {
            try {
                Thread.sleep(response.delay().toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // server closing
            }
        }
        byte[] body = response.body();
        if (response.gzip()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(buffer)) {
                gzip.write(body);
            }
            body = buffer.toByteArray();
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The scripted answers of one method and path. Thread-safe. */
    public static final class Route {
        private final Deque<Function<RecordedRequest, Response>> queue = new ArrayDeque<>();
        private Function<RecordedRequest, Response> always;

        /** Queues a response, used once. */
        public synchronized Route respond(Response response) {
            queue.add(request -> response);
            return this;
        }

        /** Queues a JSON response, used once. */
        public Route respond(int status, String json) {
            return respond(Response.json(status, json));
        }

        /**
         * Queues a computed response, used once. The function runs when the request arrives, before
         * the answer is sent: the place to assert on state at that moment (e.g. a file's content).
         */
        public synchronized Route respond(Function<RecordedRequest, Response> responder) {
            queue.add(responder);
            return this;
        }

        /** The response for every request once the queue is empty. */
        public synchronized Route respondAlways(Response response) {
            always = request -> response;
            return this;
        }

        public synchronized Route respondAlways(Function<RecordedRequest, Response> responder) {
            always = responder;
            return this;
        }

        private Response next(RecordedRequest request) {
            Function<RecordedRequest, Response> responder;
            synchronized (this) {
                responder = queue.isEmpty() ? always : queue.poll();
            }
            return responder == null ? null : responder.apply(request);
        }
    }

    /**
     * One scripted answer. Build with the factories and refine with the {@code with}/{@code gzipped}/
     * {@code delayed} copies, e.g. {@code Response.json(429, "{}").withHeader("Retry-After", "30")}.
     */
    public record Response(int status, Map<String, String> headers, byte[] body, boolean gzip, Duration delay) {

        public Response {
            headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        }

        public static Response json(int status, String json) {
            return text(status, "application/json", json);
        }

        /** A classpath fixture served as JSON. */
        public static Response fixture(int status, String resource) {
            return bytes(status, "application/json", fixtureBytes(resource));
        }

        public static Response text(int status, String contentType, String text) {
            return bytes(status, contentType, text.getBytes(StandardCharsets.UTF_8));
        }

        public static Response bytes(int status, String contentType, byte[] body) {
            return new Response(status, Map.of("Content-Type", contentType), body, false, Duration.ZERO);
        }

        /** No body and no content type (e.g. Tesla's bare 401). */
        public static Response empty(int status) {
            return new Response(status, Map.of(), new byte[0], false, Duration.ZERO);
        }

        public Response withHeader(String name, String value) {
            Map<String, String> copy = new LinkedHashMap<>(headers);
            copy.put(name, value);
            return new Response(status, copy, body, gzip, delay);
        }

        /** Sends the body gzip-compressed with {@code Content-Encoding: gzip}. */
        public Response gzipped() {
            return new Response(status, headers, body, true, delay);
        }

        /** Waits this long before answering (to provoke client timeouts). */
        public Response delayed(Duration wait) {
            return new Response(status, headers, body, gzip, wait);
        }
    }

    /** A request as received: raw path and query, headers (case-insensitive names), body bytes. */
    public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
                                  byte[] body) {

        /** The first value of a header, e.g. {@code header("authorization")}. */
        public Optional<String> header(String name) {
            List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** The body decoded as {@code application/x-www-form-urlencoded}. */
        public Map<String, String> formParams() {
            return decodeParams(bodyText());
        }

        public Map<String, String> queryParams() {
            return decodeParams(query);
        }

        private static Map<String, String> decodeParams(String encoded) {
            Map<String, String> params = new LinkedHashMap<>();
            if (encoded == null || encoded.isEmpty()) {
                return params;
            }
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
            return params;
        }

        @Override
        public String toString() {
            return method + " " + path + (query == null ? "" : "?" + query);
        }
    }

    @Override
    public String toString() {
        return "StubServer[" + baseUri() + ", " + new ArrayList<>(routes.keySet()) + "]";
    }
}
