package io.evobserver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class StubServerTest {

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).header("X-Test", "1").build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void answersQueuedResponsesInOrderThenTheStickyOneThenTheDefault() throws Exception {
        try (StubServer stub = StubServer.start()) {
            stub.on("GET", "/a").respond(500, "{}").respond(201, "{}");
            stub.on("GET", "/b").respond(200, "{}").respondAlways(StubServer.Response.json(202, "{}"));

            assertThat(get(stub.uri("/a")).statusCode()).isEqualTo(500);
            assertThat(get(stub.uri("/a?x=1")).statusCode()).isEqualTo(201);
            assertThat(get(stub.uri("/a")).statusCode()).isEqualTo(404);
            assertThat(get(stub.uri("/b")).statusCode()).isEqualTo(200);
            assertThat(get(stub.uri("/b")).statusCode()).isEqualTo(202);
            assertThat(get(stub.uri("/b")).statusCode()).isEqualTo(202);
            assertThat(stub.requests()).hasSize(6);
            assertThat(stub.requests("GET", "/a").get(1).queryParams()).containsEntry("x", "1");
            assertThat(stub.lastRequest("GET", "/b").header("x-test")).contains("1");
        }
    }

    @Test
    void recordsPostBodiesAndServesFixturesGzipped() throws Exception {
        try (StubServer stub = StubServer.start()) {
            stub.on("POST", "/form").respond(StubServer.Response.fixture(200, "testing/hello.json").gzipped());

            HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(stub.uri("/form"))
                            .POST(HttpRequest.BodyPublishers.ofString("a=1&b=x+y%26z")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.headers().firstValue("content-encoding")).contains("gzip");
            String body = new String(new GZIPInputStream(new ByteArrayInputStream(response.body())).readAllBytes(),
                    StandardCharsets.UTF_8);
            assertThat(body).isEqualTo(StubServer.fixture("testing/hello.json"));
            assertThat(stub.lastRequest("POST", "/form").formParams()).containsEntry("a", "1").containsEntry("b", "x y&z");
        }
    }
}
