package io.evobserver.http;

import io.evobserver.core.FetchException;
import java.util.Optional;

/**
 * A vendor's own reading of an unsuccessful response, consulted before the default classification.
 * Return empty to fall back to the default. Example (BMW CarData reports its daily quota as 403):
 *
 * <pre>{@code
 * response -> response.status() == 403 && response.jsonField("exveErrorId").filter("CU-429"::equals).isPresent()
 *         ? Optional.of(new FetchException(Reason.RATE_LIMITED, "bmw daily quota reached"))
 *         : Optional.empty()
 * }</pre>
 */
@FunctionalInterface
public interface ErrorClassifier {

    Optional<FetchException> classify(ApiResponse response);

    ErrorClassifier NONE = response -> Optional.empty();
}
