package io.stoker.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code triggers.schedule}: parsing, defaults, errors naming the key, and writing back. */
class ScheduleSpecTest {

    private static final String MINIMAL = "name: hello\nimage: x\n";

    @Test
    void theIssueExampleParsesWithItsDefaults() {
        FunctionSpec spec = SpecParser.parse(MINIMAL + """
                triggers:
                  schedule:
                    - cron: "*/5 * * * *"
                      timezone: Europe/Paris
                      path: /tick
                      body: '{"hello": 1}'
                      overlap: allow
                      missed: once
                    - cron: "@every 10s"
                    - cron: "@hourly"
                """);
        assertThat(spec.schedules()).hasSize(3);
        ScheduleTrigger first = spec.schedules().get(0);
        assertThat(first.cron()).isEqualTo("*/5 * * * *");
        assertThat(first.timezone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(first.path()).isEqualTo("/tick");
        assertThat(first.body()).isEqualTo("{\"hello\": 1}");
        assertThat(first.overlap()).isEqualTo(ScheduleTrigger.Overlap.ALLOW);
        assertThat(first.missed()).isEqualTo(ScheduleTrigger.Missed.ONCE);
        ScheduleTrigger every = spec.schedules().get(1);
        assertThat(every.timezone()).isEqualTo(ZoneId.of("UTC"));
        assertThat(every.path()).isEqualTo("/");
        assertThat(every.body()).isEmpty();
        assertThat(every.overlap()).isEqualTo(ScheduleTrigger.Overlap.SKIP);
        assertThat(every.missed()).isEqualTo(ScheduleTrigger.Missed.SKIP);
        assertThat(spec.kafkaTriggers()).isEmpty();
    }

    @Test
    void writtenBackItReadsTheSameAndKafkaTriggersStay() {
        FunctionSpec spec = SpecParser.parse(MINIMAL + "triggers: {kafka: [{topics: [o]}], schedule: [{cron: '0 9 * * 1-5',"
                + " timezone: America/New_York, missed: once}]}\n");
        FunctionSpec again = SpecParser.parse(SpecWriter.toJsonString(spec));
        assertThat(again).isEqualTo(spec);
        assertThat(again.kafkaTriggers()).hasSize(1);
    }

    @Test
    void aSpecWithoutSchedulesWritesNoneSoItsHashStays() {
        assertThat(SpecWriter.toJson(SpecParser.parse(MINIMAL)).has("triggers")).isFalse();
    }

    @Test
    void theIdChangesWithWhenAndWhatButNotWithThePolicies() {
        ScheduleTrigger a = SpecParser.parse(MINIMAL + "triggers: {schedule: [{cron: '@every 1s'}]}").schedules().get(0);
        ScheduleTrigger policies = SpecParser.parse(MINIMAL + "triggers: {schedule: [{cron: '@every 1s', overlap: allow,"
                + " missed: once}]}").schedules().get(0);
        ScheduleTrigger other = SpecParser.parse(MINIMAL + "triggers: {schedule: [{cron: '@every 2s'}]}").schedules().get(0);
        assertThat(policies.id()).isEqualTo(a.id());
        assertThat(other.id()).isNotEqualTo(a.id()).hasSize(12);
    }

    static Stream<Arguments> badSchedules() {
        return Stream.of(
                Arguments.of("{schedule: {cron: x}}", "triggers.schedule"),
                Arguments.of("{schedule: [{path: /}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '61 * * * *'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '* * *'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '0 0 30 2 *'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '@fortnightly'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '@every'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '@every soon'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '@every 500ms'}]}", "triggers.schedule[0].cron"),
                Arguments.of("{schedule: [{cron: '@daily', timezone: Mars/Olympus}]}", "triggers.schedule[0].timezone"),
                Arguments.of("{schedule: [{cron: '@daily', path: tick}]}", "triggers.schedule[0].path"),
                Arguments.of("{schedule: [{cron: '@daily', overlap: queue}]}", "triggers.schedule[0].overlap"),
                Arguments.of("{schedule: [{cron: '@daily', missed: all}]}", "triggers.schedule[0].missed"),
                Arguments.of("{schedule: [{cron: '@daily', color: red}]}", "triggers.schedule[0].color"),
                Arguments.of("{schedule: [{cron: '@daily'}, {cron: '@daily', missed: once}]}", "triggers.schedule[1]"));
    }

    @ParameterizedTest
    @MethodSource("badSchedules")
    void aBadScheduleNamesItsKey(String triggers, String key) {
        assertThatThrownBy(() -> SpecParser.parse(MINIMAL + "triggers: " + triggers + "\n"))
                .isInstanceOfSatisfying(SpecException.class, e -> assertThat(e.key()).isEqualTo(key));
    }

    @Test
    void aBadCronSaysWhatIsExpected() {
        assertThatThrownBy(() -> SpecParser.parse(MINIMAL + "triggers: {schedule: [{cron: '61 * * * *'}]}"))
                .hasMessageContaining("five-field cron").hasMessageContaining("59");
    }
}
