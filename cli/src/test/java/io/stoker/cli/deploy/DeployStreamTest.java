package io.stoker.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.cli.CliException;
import io.stoker.cli.output.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DeployStreamTest {

    /** Records what a progress view was told. */
    static final class RecordingProgress implements Progress {
        final List<String> events = new ArrayList<>();

        @Override
        public void status(String message) {
            events.add("status " + message);
        }

        @Override
        public void line(String message) {
            events.add("line " + message);
        }

        @Override
        public void close() {
            events.add("close");
        }
    }

    RecordingProgress progress = new RecordingProgress();

    @Test
    void followsProgressToTheReadyFunction() {
        Stream<String> lines = Stream.of(
                "{\"event\":\"progress\",\"message\":\"Step 1/2 : FROM stoker/java:17\"}",
                "",
                "{\"event\":\"progress\",\"message\":\"Step 2/2 : RUN javac\"}",
                "{\"event\":\"built\",\"image\":\"stoker-fn/hello:abc\"}",
                "{\"event\":\"starting\",\"message\":\"starting 1 instance\"}",
                "{\"event\":\"ready\",\"function\":{\"name\":\"hello\",\"url\":\"http://gw/function/hello\"}}",
                "{\"event\":\"progress\",\"message\":\"never read\"}");
        JsonNode fn = DeployStream.follow("hello", lines, progress);
        assertThat(fn.get("url").asText()).isEqualTo("http://gw/function/hello");
        assertThat(progress.events).containsExactly(
                "status Step 1/2 : FROM stoker/java:17",
                "status Step 2/2 : RUN javac",
                "line built stoker-fn/hello:abc",
                "status starting 1 instance");
    }

    @Test
    void anErrorEventFailsWithTheGatewaysMessage() {
        Stream<String> lines = Stream.of(
                "{\"event\":\"progress\",\"message\":\"Step 1/2\"}",
                "{\"event\":\"error\",\"error\":\"build_failed\",\"message\":\"javac: Hello.java:3: error\"}");
        assertThatThrownBy(() -> DeployStream.follow("hello", lines, progress))
                .isInstanceOf(CliException.class)
                .hasMessage("deploying hello failed: javac: Hello.java:3: error (build_failed)");
    }

    @Test
    void aStreamEndingBeforeReadyIsAnError() {
        assertThatThrownBy(() -> DeployStream.follow("hello", Stream.of("{\"event\":\"progress\",\"message\":\"x\"}"), progress))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("ended the deploy of hello before the function was ready");
    }

    @Test
    void aNonJsonLineIsShownNotFatal() {
        JsonNode fn = DeployStream.follow("hello", Stream.of("plain text", "{\"event\":\"ready\",\"function\":{\"name\":\"hello\"}}"), progress);
        assertThat(fn.get("name").asText()).isEqualTo("hello");
        assertThat(progress.events).containsExactly("status plain text");
    }
}
