package io.evobserver.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Receives one OAuth redirect on {@code http://127.0.0.1:<port><path>} during {@code ev-observer login},
 * so the user does not have to paste the URL. Answers the browser with a short page; other paths
 * (favicon) get 404. Bound to the loopback address only.
 */
public final class LocalCallbackServer implements AutoCloseable {

    private static final String DONE_PAGE = "<!doctype html><meta charset=utf-8><title>ev-observer</title>"
            + "<p>Signed in. You can close this tab and return to the terminal.</p>";
    private static final String FAILED_PAGE = "<!doctype html><meta charset=utf-8><title>ev-observer</title>"
            + "<p>Sign-in did not complete. See the terminal for details.</p>";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String path;
    private final CompletableFuture<String> query = new CompletableFuture<>();

    private LocalCallbackServer(HttpServer server, ExecutorService executor, String path) {
        this.server = server;
        this.executor = executor;
        this.path = path;
    }

    /**
     * @param port the port registered in the vendor's redirect URI, or 0 for any free port
     * @param path the redirect URI's path, e.g. {@code /callback}
     */
    public static LocalCallbackServer start(int port, String path) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "login-callback");
            thread.setDaemon(true);
            return thread;
        });
        LocalCallbackServer callback = new LocalCallbackServer(server, executor, path.startsWith("/") ? path : "/" + path);
        server.createContext("/", callback::handle);
        server.setExecutor(executor);
        server.start();
        return callback;
    }

    /** The redirect URI to register and send: {@code http://127.0.0.1:<port><path>}. */
    public URI redirectUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /**
     * Waits for the redirect and returns its code (checked like {@link LoginSupport#codeFromRedirect}).
     *
     * @throws FetchException AUTH on timeout or when the redirect carries an error or a wrong state
     */
    public String awaitCode(String expectedState, Duration timeout) throws FetchException, InterruptedException {
        String rawQuery;
        try {
            rawQuery = query.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new FetchException(Reason.AUTH, "no sign-in redirect arrived within " + timeout.toSeconds()
                    + " s; start the login again");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return LoginSupport.codeFromQuery(rawQuery, expectedState);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) || !path.equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String raw = exchange.getRequestURI().getRawQuery();
            boolean first = !query.isDone(); // one handler thread: no race with another request
            boolean ok = first && raw != null && raw.contains("code=") && !raw.contains("error=");
            byte[] page = (ok ? DONE_PAGE : FAILED_PAGE).getBytes(StandardCharsets.UTF_8);
            try {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.getResponseHeaders().set("Cache-Control", "no-store");
                exchange.sendResponseHeaders(200, page.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(page);
                }
            } finally {
                // only now: the waiting login closes this server as soon as it has the code, which
                // would otherwise cut the browser's page off mid-response
                query.complete(raw == null ? "" : raw);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
