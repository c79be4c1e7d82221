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

    @Test
    void secretsAndAuthAreReadWrittenAndLeftOutWhenNotSet() {
        FunctionSpec spec = SpecParser.parse(MINIMAL + "secrets: [db, api-key]\nauth: token\n");
        assertThat(spec.secrets()).containsExactly("api-key", "db");
        assertThat(spec.auth()).isEqualTo(FunctionSpec.Auth.TOKEN);
        assertThat(SpecParser.parse(SpecWriter.toJson(spec))).isEqualTo(spec);
        FunctionSpec plain = SpecParser.parse(MINIMAL);
        assertThat(plain.auth()).isEqualTo(FunctionSpec.Auth.PUBLIC);
        assertThat(SpecWriter.toJsonString(plain)).doesNotContain("secrets").doesNotContain("auth");
        assertThat(SpecParser.parse(MINIMAL + "auth: public\n")).isEqualTo(plain);
    }

    @Test
    void egressIsReadWrittenHashedAndLeftOutWhenDefault() {
        FunctionSpec closed = SpecParser.parse(MINIMAL + "egress: none\n");
        assertThat(closed.egress()).isEqualTo(FunctionSpec.Egress.NONE);
        assertThat(SpecParser.parse(SpecWriter.toJson(closed))).isEqualTo(closed);
        FunctionSpec plain = SpecParser.parse(MINIMAL);
        assertThat(plain.egress()).isEqualTo(FunctionSpec.Egress.INTERNET);
        assertThat(SpecParser.parse(MINIMAL + "egress: internet\n")).isEqualTo(plain);
        // The default leaves the written spec (and so the hash of every function deployed before) as it was.
        assertThat(SpecWriter.toJsonString(plain)).doesNotContain("egress");
        assertThat(io.stoker.runtime.instance.SpecHash.of(closed))
                .isNotEqualTo(io.stoker.runtime.instance.SpecHash.of(plain));
        assertThat(closed.withImage("other").egress()).isEqualTo(FunctionSpec.Egress.NONE);
    }

    static Stream<Arguments> badDefinitions() {
        return Stream.of(
            Arguments.of("name: a\nimage: x\negress: intranet", "egress"),
            Arguments.of("name: a\nimage: x\negress: [none]", "egress"),
            Arguments.of("name: a\nimage: x\nsecrets: db", "secrets"),
            Arguments.of("name: a\nimage: x\nsecrets: [Db]", "secrets[0]"),
            Arguments.of("name: a\nimage: x\nsecrets: [db, db]", "secrets[1]"),
            Arguments.of("name: a\nimage: x\nsecrets: [{a: b}]", "secrets[0]"),
            Arguments.of("name: a\nimage: x\nauth: jwt", "auth"),
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

    @Test
    void aRateLimitIsReadWithItsBurstAndWrittenBack() {
        FunctionSpec spec = SpecParser.parse("name: limited\nimage: x\nlimits:\n  rate: 600/m\n  burst: 20\n");
        assertThat(spec.limits().rate()).isEqualTo(new FunctionSpec.RateLimit(600, Duration.ofMinutes(1), 20));
        assertThat(spec.limits().rate().perSecond()).isEqualTo(10.0);
        FunctionSpec again = SpecParser.parse(SpecWriter.toJsonString(spec));
        assertThat(again.limits().rate()).isEqualTo(spec.limits().rate());
        // Without a burst: one second's worth.
        assertThat(SpecParser.parse("name: a\nimage: x\nlimits:\n  rate: 100/s\n").limits().rate().burst())
                .isEqualTo(100);
        assertThat(SpecParser.parse("name: a\nimage: x\nlimits:\n  rate: 10/h\n").limits().rate().burst())
                .isEqualTo(1);
    }

    @Test
    void aSpecWithoutARateWritesNoneSoItsHashStaysWhatItWas() {
        String json = SpecWriter.toJsonString(SpecParser.parse("name: plain\nimage: x\n"));
        assertThat(json).doesNotContain("rate").doesNotContain("burst");
    }

    @Test
    void badRatesNameTheKey() {
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nlimits:\n  rate: fast\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("limits.rate").hasMessageContaining("100/s");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nlimits:\n  rate: 0/s\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("limits.rate");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nlimits:\n  burst: 5\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("limits.burst");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nlimits:\n  rate: 5/s\n  burst: 0\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("limits.burst");
    }

    @Test
    void asyncSettingsHaveDefaultsAreReadAndWrittenOnlyWhenSet() {
        FunctionSpec plain = SpecParser.parse("name: a\nimage: x\n");
        assertThat(plain.async()).isEqualTo(new AsyncSettings(3, Duration.ofSeconds(1), Duration.ofMinutes(1),
                Duration.ofHours(1)));
        assertThat(SpecWriter.toJsonString(plain)).doesNotContain("async");
        FunctionSpec set = SpecParser.parse("name: a\nimage: x\nasync: {attempts: 5, backoff: 200ms, maxBackoff: 5s,"
                + " maxAge: 10m}\n");
        assertThat(set.async()).isEqualTo(new AsyncSettings(5, Duration.ofMillis(200), Duration.ofSeconds(5),
                Duration.ofMinutes(10)));
        assertThat(SpecParser.parse(SpecWriter.toJsonString(set))).isEqualTo(set);
    }

    @Test
    void badAsyncSettingsNameTheKey() {
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nasync: {attempts: 0}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("async.attempts");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nasync: {backoff: soon}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("async.backoff");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nasync: {backoff: 10s, maxBackoff: 1s}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("async.maxBackoff");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nasync: {maxAge: 0s}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("async.maxAge");
        assertThatThrownBy(() -> SpecParser.parse("name: a\nimage: x\nasync: {retries: 2}\n"))
                .isInstanceOf(SpecException.class).hasMessageContaining("async.retries");
    }

    @Test
    void aBlankUnknownKeyIsNamedQuoted() {
        assertThatThrownBy(() -> SpecParser.parse("{\"name\": \"a\", \"image\": \"x\", \"\": \"a\"}"))
                .isInstanceOf(SpecException.class)
                .satisfies(e -> assertThat(((SpecException) e).key()).isEqualTo("\"\""));
        assertThatThrownBy(() -> SpecParser.parse("{\"name\": \"a\", \"image\": \"x\", \"limits\": {\" \": 1}}"))
                .satisfies(e -> assertThat(((SpecException) e).key()).isEqualTo("limits.\" \""));
    }
}
