package io.evobserver.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.FetchException;

import java.io.IOException;

/**
 * Parses fuzzed bytes the way {@code JsonHttpClient.readJson} does for a 2xx JSON answer (same
 * mapper settings, same PARSE classification), so the vendor fuzz targets can call their mappers
 * directly without an HTTP round trip per mutation.
 */
public final class FuzzJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private FuzzJson() {
    }

    public static JsonNode read(String what, byte[] body) throws FetchException {
        try {
            JsonNode node = body.length == 0 ? null : MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new FetchException(FetchException.Reason.PARSE, what + ": empty body");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new FetchException(FetchException.Reason.PARSE, what + ": malformed JSON");
        } catch (IOException e) {
            throw new FetchException(FetchException.Reason.PARSE, what + ": unreadable body");
        }
    }
}
