package io.evobserver.source.tesla;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evobserver.core.FetchException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Found by InputFuzzTest: a vehicle_data answer without a usable VIN escaped as a NullPointerException. */
class TeslaApiResponseTest {

    @ParameterizedTest
    @ValueSource(strings = {"{\"response\":{\"vin\":null}}", "{\"response\":{}}", "{\"response\":{\"vin\":\" \"}}",
            "{\"response\":{\"vin\":{}}}", "{\"response\":[]}", "{}"})
    void anAnswerWithoutAVinIsAParseFailure(String body) {
        assertThatThrownBy(() -> TeslaApi.responseObject(new ObjectMapper().readTree(body)))
                .isInstanceOfSatisfying(FetchException.class,
                        e -> assertThat(e.reason()).isEqualTo(FetchException.Reason.PARSE));
    }
}
