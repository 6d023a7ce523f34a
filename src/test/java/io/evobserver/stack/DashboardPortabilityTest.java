package io.evobserver.stack;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every dashboard target, dashboard variable and alert rule is written in the PromQL that gives
 * the same series on Prometheus, VictoriaMetrics and GreptimeDB (issue 15): names joined from the
 * details series onto a left side aggregated to the join labels, set operators between operands
 * with one label set, no label_replace. {@link PromQlPortability} says why each shape fails on
 * GreptimeDB and cites the GreptimeDB issue.
 */
class DashboardPortabilityTest {

    @Test
    void everyDashboardVariableAndAlertExpressionIsPortableToGreptimeDb() {
        List<StackFiles.Query> all = new ArrayList<>(StackFiles.dashboardQueries());
        for (StackFiles.Variable v : StackFiles.variables()) {
            all.add(new StackFiles.Query(v.dashboard() + " $" + v.name(), StackFiles.variablePromQl(v.query())));
        }
        all.addAll(StackFiles.alertQueries());
        List<String> found = new ArrayList<>();
        for (StackFiles.Query q : all) {
            for (String problem : PromQlPortability.problems(q.expr())) {
                found.add(q.where() + "\n    " + q.expr().replace("\n", "\n    ") + "\n  " + problem);
            }
        }
        assertThat(found).as("expressions GreptimeDB's PromQL answers differently or refuses").isEmpty();
        assertThat(all).hasSizeGreaterThan(100);
    }

    @Test
    void theJoinTheDashboardsUseIsPortable() {
        assertThat(PromQlPortability.problems("max by (vehicle_vin) (vehicle_battery_level_percent{vehicle_vin=~\"$vehicle\"})"
                + " * on(vehicle_vin) group_left(vehicle_name) vehicle_details")).isEmpty();
        // wrapping parentheses and a scalar factor keep the left side's labels
        assertThat(PromQlPortability.problems("(sum by (vehicle_vin) (increase(vehicle_trips_total[1d])) / 3600000)"
                + " * 100 * on(vehicle_vin) group_left(vehicle_name) vehicle_details")).isEmpty();
        // a product of aggregations to the same labels has those labels
        assertThat(PromQlPortability.problems("max by (vehicle_vin) (a) * on (vehicle_vin) max by (vehicle_vin) (b > 0)"
                + " * on (vehicle_vin) group_left (vehicle_name) vehicle_details")).isEmpty();
        assertThat(PromQlPortability.shapeOf("histogram_quantile(0.95, sum by (vendor, le) (rate(x_bucket[5m])))"))
                .isEqualTo(PromQlPortability.Shape.aggregated(Set.of("vendor")));
    }

    @Test
    void aJoinWhoseLeftSideKeepsOtherLabelsIsFound() {
        assertThat(PromQlPortability.problems("vehicle_battery_level_percent{vehicle_vin=~\"$vehicle\"}"
                + " * on(vehicle_vin) group_left(vehicle_name) vehicle_details"))
                .singleElement().asString().contains("greptimedb#9207", "the series of vehicle_battery_level_percent");
        assertThat(PromQlPortability.problems("sum by (vehicle_vin, tire) (vehicle_tire_pressure_bar)"
                + " * on(vehicle_vin) group_left(vehicle_name) vehicle_details"))
                .singleElement().asString().contains("#9209", "[vehicle_vin]");
        assertThat(PromQlPortability.problems("max by (vehicle_vin) (x) * on(vehicle_vin) group_left(vehicle_name)"
                + " vehicle_state")).singleElement().asString().contains("greptimedb#9208", "*_details");
        assertThat(PromQlPortability.problems("vehicle_details * on(vehicle_vin) group_right(vehicle_name)"
                + " max by (vehicle_vin) (x)")).anySatisfy(p -> assertThat(p).contains("group_right", "#9208"));
    }

    @Test
    void aSetOperatorBetweenDifferentLabelSetsIsFound() {
        assertThat(PromQlPortability.problems("(vehicle_battery_level_percent unless on (vehicle_vin)"
                + " (vehicle_charging_state{state=\"charging\"} == 1))"))
                .singleElement().asString().contains("`unless`", "greptimedb#9173");
        assertThat(PromQlPortability.problems("sum by (vendor, status) (x) or sum by (vendor) (0 * y)"))
                .singleElement().asString().contains("`or`", "#9173");
        // one metric's series under different matchers, or the same by list, are fine
        assertThat(PromQlPortability.problems("sum by (vehicle_vin) (vehicle_state{state=\"online\"} * 1"
                + " or vehicle_state{state=\"asleep\"} * 2)")).isEmpty();
        assertThat(PromQlPortability.problems("(count(sum by (id) (a{s=\"x|y\"}) == 0 and on (id) sum by (id) (a) > 0)"
                + " or vector(0)) / count(count by (id) (a))")).isEmpty();
    }

    @Test
    void labelReplaceIsFound() {
        assertThat(PromQlPortability.problems("max by (name) (label_replace(vehicle_details, \"name\", \"$1\","
                + " \"vehicle_name\", \"(.*)\"))")).singleElement().asString().contains("label_replace");
    }
}
