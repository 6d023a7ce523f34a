package io.evobserver.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void thePlaceholderTakesTheUrlEncodedIdAndTheTemplateStaysAsItIs() {
        PathTemplate data = new PathTemplate("/api/1/vehicles/{vin}/vehicle_data");
        assertThat(data.path("5YJ3E7EB0KF000077")).isEqualTo("/api/1/vehicles/5YJ3E7EB0KF000077/vehicle_data");
        assertThat(data.path("a b/$1")).isEqualTo("/api/1/vehicles/a+b%2F%241/vehicle_data");
        assertThat(data.template()).isEqualTo("/api/1/vehicles/{vin}/vehicle_data");
        assertThat(new PathTemplate("/api/1/energy_sites/{id}/live_status").path("2252100000000042"))
                .isEqualTo("/api/1/energy_sites/2252100000000042/live_status");
    }
}
