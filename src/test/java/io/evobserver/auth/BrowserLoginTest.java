package io.evobserver.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.evobserver.core.FetchException;
import io.evobserver.core.FetchException.Reason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrowserLoginTest {

    private final StringWriter printed = new StringWriter();
    private final PrintWriter out = new PrintWriter(printed);

    @Test
    void theVehicleCheckPrintsTheListThenTheSourcesOwnLines() {
        List<List<String>> handed = new ArrayList<>();

        int n = BrowserLogin.checkVehicles(out, () -> List.of("VIN1", "VIN2"), vins -> {
            handed.add(vins);
            out.println("source line");
        });

        assertThat(n).isEqualTo(2);
        assertThat(handed).containsExactly(List.of("VIN1", "VIN2"));
        assertThat(printed.toString()).isEqualTo("The account has 2 vehicle(s): VIN1, VIN2" + System.lineSeparator()
                + "source line" + System.lineSeparator());
    }

    @Test
    void anEmptyAccountEndsTheLineWithAFullStop() {
        assertThat(BrowserLogin.checkVehicles(out, List::of, vins -> { })).isZero();
        assertThat(printed.toString()).startsWith("The account has 0 vehicle(s).");
    }

    @Test
    void aFailedListIsAWarningNotAFailedLogin() {
        List<List<String>> handed = new ArrayList<>();

        int n = BrowserLogin.checkVehicles(out, () -> {
            throw new FetchException(Reason.UNAVAILABLE, "HTTP 503");
        }, handed::add);

        assertThat(n).isEqualTo(-1);
        assertThat(handed).isEmpty();
        assertThat(printed.toString()).contains("Warning: signed in, but listing the vehicles failed: HTTP 503");
    }
}
