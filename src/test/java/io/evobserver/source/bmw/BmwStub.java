package io.evobserver.source.bmw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evobserver.testing.StubServer;
import io.evobserver.testing.StubServer.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A CarData API and BMW OAuth server on one {@link StubServer}, with a token file to match. */
final class BmwStub implements AutoCloseable {

    static final String VIN = "WBA71AW010FT00042";
    static final String CONTAINER = "a8Kq2Lm9Xz41P";
    static final String ACCESS = "at-stored-5f1c9e";
    static final String REFRESH = "rt-stored-77d0aa";
    static final String ID_TOKEN = "idt-stored-0c4b21";
    static final String CLIENT_ID = "c0ffee00-1111-4222-8333-444455556666";
    /** From bmw/token.json, what a refresh returns. */
    static final String NEW_ACCESS = "Zx81kLmQpR4tVw2yN6bCd0EfGh3JjKs";
    static final String NEW_REFRESH = "Rt9qW3eR5tY7uI1oP2aS4dF6gH8jK0lZ";

    static final String TOKEN = "/gcdm/oauth/token";
    static final String MAPPINGS = "/customers/vehicles/mappings";
    static final String CONTAINERS = "/customers/containers";
    static final String TELEMATIC = "/customers/vehicles/" + VIN + "/telematicData";
    static final String BASIC = "/customers/vehicles/" + VIN + "/basicData";

    private static final ObjectMapper JSON = new ObjectMapper();
    final StubServer server = StubServer.start();

    /** The usual answers: one PRIMARY car, no container yet, a charging i4. */
    BmwStub standard() {
        server.on("POST", TOKEN).respondAlways(Response.fixture(200, "bmw/token.json"));
        server.on("GET", MAPPINGS).respondAlways(Response.fixture(200, "bmw/mappings.json"));
        server.on("GET", CONTAINERS).respondAlways(Response.json(200, "{\"containers\": []}"));
        server.on("POST", CONTAINERS).respondAlways(Response.fixture(201, "bmw/container_created.json"));
        server.on("GET", BASIC).respondAlways(Response.fixture(200, "bmw/basic_data_i4.json"));
        server.on("GET", TELEMATIC).respondAlways(Response.fixture(200, "bmw/telematic_data_ev_charging.json"));
        return this;
    }

    /** Writes a token file as {@code ev-observer login bmw} would, plus extra fields. */
    static Path tokenFile(Path dir, Instant expiresAt, Map<String, String> extra) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("access_token", ACCESS);
        root.put("refresh_token", REFRESH);
        root.put("expires_at", expiresAt.toString());
        root.put("token_type", "Bearer");
        root.put("id_token", ID_TOKEN);
        root.put("gcid", "3f6c1e2a-9b7d-4c51-8e0a-2d4b6f8a1c93");
        root.put("client_id", CLIENT_ID);
        root.put("refreshed_at", expiresAt.minusSeconds(3600).toString());
        extra.forEach(root::put);
        Path file = dir.resolve("bmw-token.json");
        Files.write(file, JSON.writeValueAsBytes(root));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    BmwConfig config(Path tokenFile, List<String> vins) {
        return new BmwConfig(server.baseUri(), server.baseUri(), tokenFile, null, vins, 50, false, null);
    }

    /** Requests to the CarData API (everything but the token endpoint). */
    List<StubServer.RecordedRequest> apiRequests() {
        return server.requests().stream().filter(r -> r.path().startsWith("/customers/")).toList();
    }

    @Override
    public void close() {
        server.close();
    }
}
