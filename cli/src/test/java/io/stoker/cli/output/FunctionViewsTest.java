package io.stoker.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class FunctionViewsTest {

    static final String FN = """
            {"name":"hello","image":"stoker-fn/hello:abc","url":"http://127.0.0.1:8080/function/hello",
             "spec":{"name":"hello","template":"java","handler":"com.example.Hello","port":8080,
                     "env":{"GREETING":"hi"},"limits":{"memory":"256Mi","cpu":1.0,"timeout":"30s","concurrency":16},
                     "scale":{"min":0,"max":4,"idle":"5m"},"readiness":{"path":""}},
             "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:01Z",
             "instances":[{"id":"a1b2","state":"READY","inFlight":0,"address":"172.18.0.2:8080","startedAt":"s","lastUsed":"l"},
                          {"id":"c3d4","state":"STARTING","inFlight":0,"address":"172.18.0.3:8080","startedAt":"s","lastUsed":"l"}],
             "queued":2}
            """;

    static JsonNode fn() throws Exception {
        return Json.MAPPER.readTree(FN);
    }

    @Test
    void listShowsReadyOverTotalInstances() throws Exception {
        JsonNode answer = Json.MAPPER.createObjectNode().set("functions", Json.MAPPER.createArrayNode().add(fn()));
        assertThat(FunctionViews.list(answer)).containsExactly(
                "NAME   IMAGE                INSTANCES  URL",
                "hello  stoker-fn/hello:abc  1/2        http://127.0.0.1:8080/function/hello");
    }

    @Test
    void emptyListSaysHowToStart() throws Exception {
        assertThat(FunctionViews.list(Json.MAPPER.readTree("{\"functions\":[]}")))
                .singleElement().asString().contains("stoker init hello --template java");
    }

    @Test
    void describeSummarisesTheSpecAndTablesInstances() throws Exception {
        assertThat(FunctionViews.describe(fn())).contains(
                "template:  java (handler com.example.Hello)",
                "limits:    memory 256Mi, cpu 1.0, timeout 30s, concurrency 16",
                "scale:     min 0, max 4, idle 5m",
                "readiness: TCP connect",
                "env:       GREETING=hi",
                "queued:    2",
                "INSTANCE  STATE     IN-FLIGHT  ADDRESS          STARTED  LAST USED",
                "a1b2      READY     0          172.18.0.2:8080  s        l");
    }
}
