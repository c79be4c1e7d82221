package io.stoker.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionViewsTest {

    /** What a gateway without triggers, standby or autoscaler sent. */
    static final String OLD = """
            {"name":"hello","image":"stoker-fn/hello:abc","url":"http://127.0.0.1:8080/function/hello",
             "spec":{"name":"hello","template":"java","handler":"com.example.Hello","port":8080,
                     "env":{"GREETING":"hi"},"limits":{"memory":"256Mi","cpu":1.0,"timeout":"30s","concurrency":16},
                     "scale":{"min":0,"max":4,"idle":"5m"},"readiness":{"path":""}},
             "createdAt":"2026-01-01T00:00:00Z","updatedAt":"2026-01-01T00:00:01Z",
             "instances":[{"id":"a1b2","state":"READY","inFlight":0,"address":"172.18.0.2:8080","startedAt":"s","lastUsed":"l"},
                          {"id":"c3d4","state":"STARTING","inFlight":0,"address":"172.18.0.3:8080","startedAt":"s","lastUsed":"l"}],
             "queued":2}
            """;

    /** The same function as the gateway's FunctionView writes it now: standby, autoscaler and two triggers. */
    static final String NOW = """
            {"name":"orders","image":"stoker-fn/orders:abc","url":"http://127.0.0.1:8080/function/orders",
             "spec":{"name":"orders","template":"python","handler":"handler.handle","image":"stoker-fn/orders:abc",
                     "port":8080,"env":{},"user":"",
                     "limits":{"memory":"128Mi","cpu":1.0,"timeout":"10s","concurrency":8},
                     "scale":{"min":0,"max":4,"idle":"5m","target":0.0,"window":"1m","panicWindow":"6s",
                              "zeroGrace":"30s","pauseAfter":"1s","standby":1},
                     "readiness":{"path":"/healthz"},
                     "triggers":{"kafka":[
                        {"topics":["orders"],"path":"/","group":"","ordering":"key","concurrency":16,
                         "retry":{"attempts":5,"backoff":"200ms","maxBackoff":"30s"},"deadLetter":true,
                         "deadLetterTopic":"","replyTopic":"orders.replies","from":"latest"},
                        {"topics":["audit","refunds"],"path":"/audit","group":"auditors","ordering":"none",
                         "concurrency":4,"retry":{"attempts":1,"backoff":"200ms","maxBackoff":"30s"},
                         "deadLetter":false,"deadLetterTopic":"","replyTopic":"","from":"earliest"}]}},
             "async":{"attempts":3,"backoff":"1s","maxBackoff":"1m","maxAge":"1h"},
             "createdAt":"c","updatedAt":"u",
             "instances":[
                {"id":"i1","containerId":"9c35","state":"BUSY","inFlight":8,"address":"172.22.0.7:8080",
                 "startedAt":"s1","lastUsed":"l1","standby":false},
                {"id":"i2","containerId":"7a10","state":"PAUSED","inFlight":0,"address":"172.22.0.8:8080",
                 "startedAt":"s2","lastUsed":"l2","standby":true}],
             "queued":3,"inFlight":8,"desired":2,
             "autoscaler":{"desired":2,"panicking":true,"stableAverage":4.5,"panicAverage":11.0,
                           "reason":"panic: PT6S-window wants 2 for 1 ready; holding until 2026-01-01T00:01:00Z"},
             "triggers":[
                {"function":"orders","topics":["orders"],"group":"stoker-orders","state":"RUNNING",
                 "lag":[{"topic":"orders","partition":0,"lag":5},{"topic":"orders","partition":1,"lag":7}],
                 "received":120,"succeeded":110,"retried":4,"platformRetried":3,"deadLettered":2,"dropped":0,"inFlight":8,
                 "lastError":"orders-1@17: HTTP 500 boom","lastErrorAt":"2026-01-01T00:00:42Z","totalLag":12},
                {"function":"orders","topics":["audit","refunds"],"group":"auditors","state":"WAITING_FOR_BROKER",
                 "lag":[],"received":0,"succeeded":0,"retried":0,"deadLettered":0,"dropped":0,"inFlight":0,
                 "lastError":null,"totalLag":0}]}
            """;

    static JsonNode json(String text) throws Exception {
        return Json.MAPPER.readTree(text);
    }

    @Test
    void listShowsReadyOverTotalInstances() throws Exception {
        JsonNode answer = Json.MAPPER.createObjectNode().set("functions", Json.MAPPER.createArrayNode().add(json(OLD)));
        assertThat(FunctionViews.list(answer)).containsExactly(
                "NAME   IMAGE                INSTANCES  URL",
                "hello  stoker-fn/hello:abc  1/2        http://127.0.0.1:8080/function/hello");
    }

    @Test
    void emptyListSaysHowToStart() throws Exception {
        assertThat(FunctionViews.list(json("{\"functions\":[]}")))
                .singleElement().asString().contains("stoker init hello --template java");
    }

    @Test
    void describeSummarisesTheSpecAndTablesInstances() throws Exception {
        assertThat(FunctionViews.describe(json(OLD))).contains(
                "template:   java (handler com.example.Hello)",
                "limits:     memory 256Mi, cpu 1.0, timeout 30s, concurrency 16",
                "scale:      min 0, max 4, idle 5m",
                "readiness:  TCP connect",
                "env:        GREETING=hi",
                "in flight:  0",
                "queued:     2",
                "INSTANCE  STATE     STANDBY  IN-FLIGHT  ADDRESS          STARTED  LAST USED",
                "a1b2      READY     no       0          172.18.0.2:8080  s        l");
    }

    @Test
    void describeOfAnOlderGatewayLeavesOutWhatItDoesNotSend() throws Exception {
        List<String> lines = FunctionViews.describe(json(OLD));
        assertThat(lines).noneMatch(l -> l.startsWith("desired:") || l.startsWith("autoscaler:")
                || l.startsWith("scaling:") || l.startsWith("kafka:") || l.startsWith("TOPICS")
                || l.startsWith("async:"));
        assertThat(lines.get(lines.size() - 1)).startsWith("c3d4");
    }

    @Test
    void describeShowsTheAutoscalerSettingsAndItsLastDecision() throws Exception {
        assertThat(FunctionViews.describe(json(NOW))).contains(
                "scale:      min 0, max 4, idle 5m, standby 1, pause after 1s",
                "scaling:    target auto (70% of limits.concurrency), window 1m, panic window 6s, zero grace 30s",
                "in flight:  8",
                "queued:     3",
                "desired:    2",
                "autoscaler: wants 2, panic yes: panic: PT6S-window wants 2 for 1 ready; holding until 2026-01-01T00:01:00Z");
    }

    @Test
    void describeSummarisesEachKafkaTriggerOfTheSpec() throws Exception {
        assertThat(FunctionViews.describe(json(NOW))).contains(
                "kafka:      orders -> POST /, ordering key, concurrency 16, attempts 5, backoff 200ms to 30s,"
                        + " dead letters orders.dlt, replies orders.replies, from latest",
                "kafka:      audit,refunds -> POST /audit, ordering none, concurrency 4, attempts 1, backoff 200ms to 30s,"
                        + " dead letters off (dropped), from earliest");
    }

    @Test
    void describeMarksPausedStandbyInstances() throws Exception {
        assertThat(FunctionViews.describe(json(NOW))).contains(
                "INSTANCE  STATE   STANDBY  IN-FLIGHT  ADDRESS          STARTED  LAST USED",
                "i1        BUSY    no       8          172.22.0.7:8080  s1       l1",
                "i2        PAUSED  yes      0          172.22.0.8:8080  s2       l2");
    }

    @Test
    void describeSaysWhenStandbyIsKeptReadyForWantOfAPause() throws Exception {
        assertThat(FunctionViews.describe(json(NOW))).noneMatch(line -> line.contains("kept as ready"));
        com.fasterxml.jackson.databind.node.ObjectNode onKubernetes = (com.fasterxml.jackson.databind.node.ObjectNode) json(NOW);
        onKubernetes.put("standbyKeptAs", "ready");
        assertThat(FunctionViews.describe(onKubernetes)).anyMatch(line -> line.contains("standby")
                && line.contains("kept as ready instances") && line.contains("has no pause"));
    }

    @Test
    void describeTablesTriggersWithTheirLastErrorAfterwards() throws Exception {
        List<String> lines = FunctionViews.describe(json(NOW));
        int header = lines.indexOf("TOPICS         GROUP          STATE               LAG  RECEIVED  SUCCEEDED"
                + "  RETRIED  PLATFORM-RETRIED  DEAD-LETTERED  DROPPED  IN-FLIGHT");
        assertThat(header).isPositive();
        assertThat(lines.subList(header + 1, lines.size())).containsExactly(
                "orders         stoker-orders  RUNNING             12   120       110        4        3"
                        + "                 2              0        8",
                "audit,refunds  auditors       WAITING_FOR_BROKER  0    0         0          0        0"
                        + "                 0              0        0",
                "last error (orders, at 2026-01-01T00:00:42Z): orders-1@17: HTTP 500 boom");
        assertThat(lines.get(header - 1)).isEmpty();
    }

    @Test
    void triggerLagIsSummedFromPartitionsWhenNoTotalIsGiven() throws Exception {
        JsonNode fn = json(NOW);
        ((com.fasterxml.jackson.databind.node.ObjectNode) fn.path("triggers").get(0)).remove("totalLag");
        assertThat(FunctionViews.describe(fn)).anyMatch(l -> l.startsWith("orders         stoker-orders  RUNNING             12 "));
    }

    @Test
    void describeShowsTheAsyncSettingsInEffect() throws Exception {
        assertThat(FunctionViews.describe(json(NOW)))
                .contains("async:      attempts 3, backoff 1s up to 1m, max age 1h");
    }
}
