package io.stoker.runtime.spec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.stoker.runtime.fuzz.Fuzz;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever the manifest, the parser gives a spec or a {@link SpecException} (nothing else), at once, and a
 * manifest that is a mapping is refused with the key that is wrong. Each run uses a fresh seed, printed on failure;
 * {@code -Dstoker.fuzz.seed=N} replays one.
 */
class SpecParserFuzzTest {

    private static final int TRIES = 400;
    private static final Duration EACH = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final List<String> KEYS = List.of("name", "template", "handler", "image", "port", "env", "user",
            "limits", "scale", "readiness", "triggers", "build", "memory", "cpu", "timeout", "concurrency", "rate",
            "burst", "min", "max", "idle", "target", "window", "panicWindow", "zeroGrace", "pauseAfter", "standby",
            "path", "args", "kafka", "topics", "group", "ordering", "retry", "attempts", "backoff", "deadLetter",
            "replyTopic", "from");

    static ObjectNode valid() throws Exception {
        return (ObjectNode) JSON.readTree("""
                {"name": "fuzzed", "template": "python", "handler": "main.handle", "port": 8080,
                 "env": {"A": "1"}, "limits": {"memory": "128Mi", "cpu": 0.5, "timeout": "10s", "concurrency": 4,
                 "rate": "10/s", "burst": 5}, "scale": {"min": 0, "max": 3, "idle": "5m"},
                 "readiness": {"path": "/ready"}, "build": {"args": {"V": "1"}},
                 "triggers": {"kafka": [{"topics": ["orders"], "ordering": "key", "retry": {"attempts": 3}}]}}
                """);
    }

    @Test
    void aMutatedManifestIsASpecOrASpecExceptionNamingTheKey() throws Throwable {
        ObjectNode valid = valid();
        assertThat(SpecParser.parse(valid).name()).isEqualTo("fuzzed");
        try (Fuzz fuzz = new Fuzz(Fuzz.seed())) {
            for (int i = 0; i < TRIES; i++) {
                ObjectNode mutated = fuzz.mutate(valid, KEYS);
                String text = fuzz.chance(0.5) ? JSON.writeValueAsString(mutated) : YAML.writeValueAsString(mutated);
                SpecException refused = fuzz.bounded(EACH, text, () -> outcome(text));
                if (refused != null && !refused.getMessage().startsWith("not valid YAML or JSON")) {
                    // (the YAML reader has limits of its own, e.g. 1024 characters per key: then the text is refused)
                    assertThat(refused.key()).as("seed %d: the key named in '%s' for %s", fuzz.seed,
                            refused.getMessage(), abbreviate(text)).isNotBlank();
                    assertThat(refused.getMessage()).as("seed %d", fuzz.seed).isNotBlank();
                }
            }
        }
    }

    @Test
    void damagedOrHostileTextIsASpecOrASpecException() throws Throwable {
        String valid = YAML.writeValueAsString(valid());
        List<String> hostile = List.of(
                "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                        + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                        + "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",
                "[".repeat(5_000), "{a: ".repeat(5_000), "!!java.net.URL [\"http://127.0.0.1/\"]\n",
                "name: x\n---\nname: y\n", "name: !!binary AAAA\n", "\u0000\u0001\u0002", "- a\n- b\n", "42", "");
        try (Fuzz fuzz = new Fuzz(Fuzz.seed())) {
            for (String text : hostile) {
                fuzz.bounded(EACH, text.substring(0, Math.min(60, text.length())), () -> outcome(text));
            }
            for (int i = 0; i < TRIES; i++) {
                String text = fuzz.damage(fuzz.chance(0.5) ? valid : JSON.writeValueAsString(fuzz.mutate(valid(), KEYS)));
                SpecException refused = fuzz.bounded(EACH, text, () -> outcome(text));
                if (refused != null) {
                    assertThat(refused.getMessage()).as("seed %d: %s", fuzz.seed, abbreviate(text)).isNotBlank();
                }
            }
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 400 ? s.substring(0, 400) + "…" : s;
    }

    /** Null when the text is a valid spec; the refusal otherwise; anything else thrown fails the property. */
    private static SpecException outcome(String text) {
        try {
            SpecParser.parse(text);
            return null;
        } catch (SpecException e) {
            return e;
        }
    }
}
