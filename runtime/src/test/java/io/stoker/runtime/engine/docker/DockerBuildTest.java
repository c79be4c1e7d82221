package io.stoker.runtime.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.BuildResponseItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerBuildTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void linesAreJoinedAcrossChunksAndLoseTheirColourCodes() throws Exception {
        List<String> lines = new ArrayList<>();
        DockerBuild build = new DockerBuild(lines::add);
        // As the legacy builder sent npm's stderr: colour-wrapped chunks that split a line.
        for (String chunk : List.of("Step 7/17 : RUN sh /deps/install-deps.sh\n", " ---> Running in be14\n",
                "\u001b[91mnpm\u001b[0m", "\u001b[91m ERR! code EJSONPARSE\n\u001b[0m", "\u001b[91mnpm \u001b[0m",
                "\u001b[91mERR! path /deps/package.json\r\n\u001b[0m", "\n", "no newline at the end")) {
            build.onNext(item("{\"stream\":" + JSON.writeValueAsString(chunk) + "}"));
        }
        build.onComplete();

        assertThat(lines).containsExactly("Step 7/17 : RUN sh /deps/install-deps.sh", " ---> Running in be14",
                "npm ERR! code EJSONPARSE", "npm ERR! path /deps/package.json", "no newline at the end");
    }

    @Test
    void anErrorComesAfterTheLinesBeforeIt() throws Exception {
        List<String> lines = new ArrayList<>();
        DockerBuild build = new DockerBuild(lines::add);
        build.onNext(item("{\"stream\":\"ERROR: No matching distribution\"}"));
        build.onNext(item("{\"errorDetail\":{\"code\":1,\"message\":\"returned a non-zero code: 1\"},"
                + "\"error\":\"returned a non-zero code: 1\"}"));

        assertThat(lines).containsExactly("ERROR: No matching distribution", "ERROR: returned a non-zero code: 1");
    }

    private static BuildResponseItem item(String json) throws Exception {
        return JSON.readValue(json, BuildResponseItem.class);
    }
}
