package io.stoker.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SpecParserTest {

    private static final String MINIMAL = "name: hello\ntemplate: java\nhandler: com.example.Hello\n";

    @Test
    void defaultsFillWhatIsLeftOut() {
        FunctionSpec spec = SpecParser.parse(MINIMAL);
        assertThat(spec.port()).isEqualTo(8080);
        assertThat(spec.limits().memoryBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(spec.limits().cpu()).isEqualTo(1.0);
        assertThat(spec.limits().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(spec.limits().concurrency()).isEqualTo(16);
        assertThat(spec.scale().min()).isZero();
        assertThat(spec.scale().max()).isEqualTo(10);
        assertThat(spec.scale().idle()).isEqualTo(Duration.ofMinutes(5));
        assertThat(spec.scale().window()).isEqualTo(Duration.ofSeconds(60));
        assertThat(spec.scale().panicWindow()).isEqualTo(Duration.ofSeconds(6));
        assertThat(spec.scale().pauseAfter()).isEqualTo(Duration.ofSeconds(1));
        assertThat(spec.scale().standby()).isZero();
        assertThat(spec.readinessPath()).isEmpty();
        assertThat(spec.kafkaTriggers()).isEmpty();
    }

    @Test
    void theIssueExampleParses() {
        FunctionSpec spec = SpecParser.parse("""
                name: hello
                template: java
                handler: com.example.Hello
                image: ""
                port: 8080
                env: {GREETING: hi}
                limits: {memory: 256Mi, cpu: 1.0, timeout: 30s, concurrency: 16}
                scale: {min: 0, max: 10, idle: 5m, standby: 2, pauseAfter: 500ms}
                readiness: {path: ""}
                triggers:
                  kafka:
                    - topics: [orders]
                      path: /
                      group: ""
                      ordering: key
                      concurrency: 16
                      retry: {attempts: 5, backoff: 200ms, maxBackoff: 30s}
                      deadLetterTopic: ""
                      replyTopic: "orders.replies"
                      from: earliest
                """);
        assertThat(spec.env()).containsEntry("GREETING", "hi");
        assertThat(spec.scale().standby()).isEqualTo(2);
        assertThat(spec.scale().pauseAfter()).isEqualTo(Duration.ofMillis(500));
        KafkaTrigger t = spec.kafkaTriggers().get(0);
        assertThat(t.topics()).containsExactly("orders");
        assertThat(t.ordering()).isEqualTo(KafkaTrigger.Ordering.KEY);
        assertThat(t.retry()).isEqualTo(new KafkaTrigger.Retry(5, Duration.ofMillis(200), Duration.ofSeconds(30)));
        assertThat(t.groupFor("hello")).isEqualTo("stoker-hello");
        assertThat(t.deadLetterTopicFor("orders")).isEqualTo("orders.dlt");
        assertThat(t.replyTopic()).isEqualTo("orders.replies");
        assertThat(t.from()).isEqualTo(KafkaTrigger.From.EARLIEST);
        assertThat(t.maxRecordAge()).isEqualTo(KafkaTrigger.DEFAULT_MAX_RECORD_AGE);
    }

    @Test
    void maxRecordAgeIsReadAndWrittenOnlyWhenSetSoOlderSpecsKeepTheirHash() {
        String plain = MINIMAL + "triggers: {kafka: [{topics: [orders]}]}\n";
        FunctionSpec set = SpecParser.parse(MINIMAL + "triggers: {kafka: [{topics: [orders], maxRecordAge: 30m}]}\n");
        assertThat(set.kafkaTriggers().get(0).maxRecordAge()).isEqualTo(Duration.ofMinutes(30));
        assertThat(SpecParser.parse(SpecWriter.toJson(set))).isEqualTo(set);
        assertThat(SpecWriter.toJsonString(SpecParser.parse(plain))).doesNotContain("maxRecordAge");
    }

    @Test
    void buildArgsAreTextReadBackAndWrittenOnlyWhenSet() {
        FunctionSpec spec = SpecParser.parse(MINIMAL
                + "build:\n  args: {PIP_FIND_LINKS: /function/wheels, PIP_NO_INDEX: 1, _X: true}\n");
        assertThat(spec.buildArgs()).containsExactly(java.util.Map.entry("PIP_FIND_LINKS", "/function/wheels"),
                java.util.Map.entry("PIP_NO_INDEX", "1"), java.util.Map.entry("_X", "true"));
        assertThat(SpecParser.parse(SpecWriter.toJson(spec))).isEqualTo(spec);
        // Specs without the key keep the JSON (and so the spec hash) they had before it existed.
        assertThat(SpecWriter.toJsonString(SpecParser.parse(MINIMAL))).doesNotContain("build");
        assertThat(SpecParser.parse(MINIMAL + "build: {}\n").buildArgs()).isEmpty();
    }

    @Test
    void twoTriggersReadOneTopicOnlyInGroupsOfTheirOwn() {
        FunctionSpec spec = SpecParser.parse(MINIMAL + "triggers: {kafka: [{topics: [orders]}, {topics: [payments]},"
                + " {topics: [orders], group: audit, replyTopic: audited}]}\n");
        assertThat(spec.kafkaTriggers()).extracting(t -> t.groupFor("hello"))
                .containsExactly("stoker-hello", "stoker-hello", "audit");
    }

    @Test
    void writingAndReadingAgainGivesTheSameSpec() {
        FunctionSpec spec = SpecParser.parse(MINIMAL + "env: {A: '1'}\nscale: {min: 1, standby: 1}\n"
                + "triggers: {kafka: [{topics: [a, b], ordering: none, deadLetter: false, retry: {attempts: 2}}]}\n");
        assertThat(SpecParser.parse(SpecWriter.toJson(spec))).isEqualTo(spec);
        assertThat(spec.kafkaTriggers().get(0).deadLetterTopicFor("a")).isEmpty();
    }

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
            Arguments.of("name: Hello\ntemplate: java\nhandler: x", "name"),
            Arguments.of("template: java\nhandler: x", "name"),
            Arguments.of("name: a\ntemplate: cobol", "template"),
            Arguments.of("name: a\ntemplate: java", "handler"),
            Arguments.of("name: a\nimage: x\nlimitz: {}", "limitz"),
            Arguments.of("name: a\nimage: x\nlimits: {memory: lots}", "limits.memory"),
            Arguments.of("name: a\nimage: x\nlimits: {memory: 1Mi}", "limits.memory"),
            Arguments.of("name: a\nimage: x\nlimits: {timeout: 2d}", "limits.timeout"),
            Arguments.of("name: a\nimage: x\nlimits: {concurrency: 0}", "limits.concurrency"),
            Arguments.of("name: a\nimage: x\nscale: {min: 3, max: 2}", "scale.min"),
            Arguments.of("name: a\nimage: x\nscale: {standby: 20, max: 2}", "scale.standby"),
            Arguments.of("name: a\nimage: x\nscale: {panicWindow: 2m}", "scale.panicWindow"),
            Arguments.of("name: a\nimage: x\nscale: {window: 500ms}", "scale.window"),
            Arguments.of("name: a\nimage: x\nport: 70000", "port"),
            Arguments.of("name: a\nimage: x\nenv: {1X: y}", "env.1X"),
            Arguments.of("name: a\nimage: x\nuser: 'root; rm'", "user"),
            Arguments.of("name: a\nimage: x\nreadiness: {path: health}", "readiness.path"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{path: /}]}", "triggers.kafka[0].topics"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: []}]}", "triggers.kafka[0].topics"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], ordering: random}]}", "triggers.kafka[0].ordering"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], concurrency: -1}]}", "triggers.kafka[0].concurrency"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: ['bad topic']}]}", "triggers.kafka[0].topics"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], from: middle}]}", "triggers.kafka[0].from"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], retry: {attempts: 0}}]}", "triggers.kafka[0].retry.attempts"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], retry: {backoff: 1s, maxBackoff: 10ms}}]}", "triggers.kafka[0].retry.maxBackoff"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], color: red}]}", "triggers.kafka[0].color"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], maxRecordAge: 0s}]}", "triggers.kafka[0].maxRecordAge"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], maxRecordAge: soon}]}", "triggers.kafka[0].maxRecordAge"),
            Arguments.of("name: a\nimage: x\ntriggers: {http: {}}", "triggers.http"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o]}, {topics: [p, o]}]}", "triggers.kafka[1].topics"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], group: g}, {topics: [o], group: g}]}",
                    "triggers.kafka[1].topics"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o]}, {topics: [o], group: stoker-a}]}",
                    "triggers.kafka[1].topics"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o, p], replyTopic: p}]}", "triggers.kafka[0].replyTopic"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o], deadLetterTopic: o}]}",
                    "triggers.kafka[0].deadLetterTopic"),
            Arguments.of("name: a\nimage: x\ntriggers: {kafka: [{topics: [o, o.dlt]}]}", "triggers.kafka[0].deadLetterTopic"),
            Arguments.of("name: a\nimage: x\nbuild: [x]", "build"),
            Arguments.of("name: a\nimage: x\nbuild: {argz: {}}", "build.argz"),
            Arguments.of("name: a\nimage: x\nbuild: {args: [A=1]}", "build.args"),
            Arguments.of("name: a\nimage: x\nbuild: {args: {1X: y}}", "build.args.1X"),
            Arguments.of("name: a\nimage: x\nbuild: {args: {'A-B': y}}", "build.args.A-B"),
            Arguments.of("name: a\nimage: x\nbuild: {args: {A: [1, 2]}}", "build.args.A"),
            Arguments.of("name: a\nimage: x\nbuild: {args: {A: {b: c}}}", "build.args.A"),
            Arguments.of("name: a\nimage: x\nbuild: {args: {A: null}}", "build.args.A"),
            Arguments.of("name: a\nimage: x\nbuild: {args: {HANDLER: x}}", "build.args.HANDLER"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badDefinitions")
    void badDefinitionsNameTheKey(String yaml, String key) {
        assertThatThrownBy(() -> SpecParser.parse(yaml))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).key()).isEqualTo(key))
                .hasMessageStartingWith(key + ":");
    }

    @Test
    void usersInEveryDockerForm() {
        for (String user : new String[] {"app", "1000", "1000:1000", "app:staff", "app:1000"}) {
            assertThat(SpecParser.parse("name: a\nimage: x\nuser: '" + user + "'\n").user()).isEqualTo(user);
        }
    }

    @Test
    void notYamlAtAll() {
        assertThatThrownBy(() -> SpecParser.parse("name: [unclosed")).isInstanceOf(SpecException.class)
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> SpecParser.parse("- a list")).isInstanceOf(SpecException.class)
                .hasMessageContaining("mapping");
    }
}
