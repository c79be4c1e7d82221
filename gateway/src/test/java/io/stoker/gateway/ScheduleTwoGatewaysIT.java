package io.stoker.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.stoker.gateway.kubernetes.ApiServerStandIn;
import io.stoker.runtime.spec.ScheduleTrigger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes share a real broker (deploy/kafka/kafka.sh) and one function with two {@code @every 2s}
 * schedules, through the {@code Function} resources of the Kubernetes API stand-in (fabric8's mock server; no real
 * API server can run here). Every fired tick is an async call on {@code stoker.async}, which the test reads: each
 * scheduled time is written once, each gateway fires the schedule whose partition of {@code stoker.schedules} it
 * holds, ticks come every period; after gateway a is killed (SIGKILL) gateway b takes a's schedule over once the
 * broker's session timeout moved the partitions, fires no tick twice and leaves none out after the rebalance but
 * those the docs call missed (with {@code missed: once} at most one catch-up tick stands for them).
 */
class ScheduleTwoGatewaysIT {

    private static final String FUNCTION = "schedule-two";
    private static final String NET_A = "stoker-schedtwo-a";
    private static final String NET_B = "stoker-schedtwo-b";
    private static final Duration PERIOD = Duration.ofSeconds(2);
    /** stoker.schedules.lateness and the schedule group's session timeout, as the gateway has them by default. */
    private static final Duration LATENESS = Duration.ofSeconds(10);
    private static final int SCHEDULE_PARTITIONS = 6;
    private static final Duration SHARED_FOR = Duration.ofSeconds(20);

    @Test
    void eachTickIsFiredOnceByOneOfTwoGatewaysAndTheSurvivorTakesOverAKilledOnesSchedule() throws Exception {
        // Two schedules whose keys fall in different halves of the topic's partitions: with two members, the
        // group's (range) assignment gives each gateway one half, so each fires one of them.
        String[] bodies = {bodyInPartitions(0, SCHEDULE_PARTITIONS / 2),
                bodyInPartitions(SCHEDULE_PARTITIONS / 2, SCHEDULE_PARTITIONS)};
        Path homeA = GatewayProcess.newHome("schedtwo-a");
        Path homeB = Files.createTempDirectory("stoker-schedtwo-b-home");
        String image = null;
        // Broker and gateways start at once (a gateway needs no broker to be ready): on a busy machine each of
        // them alone can take half a minute.
        int brokerPort = KafkaBrokerResource.freePort();
        int controllerPort = KafkaBrokerResource.freePort();
        Path brokerHome = Files.createTempDirectory("stoker-schedtwo-broker");
        String bootstrap = "127.0.0.1:" + brokerPort;
        try (ApiServerStandIn apiServer = ApiServerStandIn.start()) {
            CompletableFuture<ScriptBroker> startingBroker = CompletableFuture.supplyAsync(
                    () -> ScriptBroker.start(brokerHome, brokerPort, controllerPort));
            CompletableFuture<GatewayProcess> startingA = startAsync(homeA, env(apiServer, bootstrap, NET_A, true));
            CompletableFuture<GatewayProcess> startingB = startAsync(homeB, env(apiServer, bootstrap, NET_B, false));
            try (ScriptBroker broker = startingBroker.join(); GatewayProcess a = startingA.join();
                 GatewayProcess b = startingB.join()) {
                image = run(a, b, bodies, broker.bootstrap());
            } finally {
                // a gateway that started while the other failed is not left running (a second close does nothing)
                startingA.thenAccept(ScheduleTwoGatewaysIT::closeQuietly);
                startingB.thenAccept(ScheduleTwoGatewaysIT::closeQuietly);
            }
        } finally {
            Docker.removeContainersOn(NET_A);
            Docker.removeContainersOn(NET_B);
            Docker.removeNetwork(NET_A);
            Docker.removeNetwork(NET_B);
            if (image != null) {
                try {
                    Docker.run("rmi", image);
                } catch (IllegalStateException stillUsed) {
                    // an instance being removed still holds it: it is this test's own tag either way
                }
            }
        }
    }

    /** The test proper, with both gateways up; returns the function's image (for the clean-up). */
    private static String run(GatewayProcess a, GatewayProcess b, String[] bodies, String bootstrap) throws Exception {
        String yaml = "triggers:\n  schedule:\n" + schedule(bodies[0]) + schedule(bodies[1]);
        HttpResponse<String> deployed = a.send(HttpRequest.newBuilder(a.uri("/v1/functions/" + FUNCTION + "/source"))
                .header("Content-Type", "application/gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestApi.tarGz(ScheduleCallTest.ticksFunction(FUNCTION, yaml)))));
        List<String> events = deployed.body().lines().filter(l -> !l.isBlank()).toList();
        assertThat(deployed.statusCode()).as(deployed.body()).isEqualTo(200);
        assertThat(TestApi.readJson(events.get(events.size() - 1)).path("event").asText()).as(deployed.body())
                .isEqualTo("ready");
        await().alias("gateway b follows the function deployed through a").atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300)).until(() -> b.get("/v1/functions/" + FUNCTION).statusCode() == 200);
        String image = TestApi.readJson(b.get("/v1/functions/" + FUNCTION).body()).path("spec").path("image").asText();
        String[] ids = {key(bodies[0]).substring(FUNCTION.length() + 1), key(bodies[1]).substring(FUNCTION.length() + 1)};
        assertThat(scheduleIds(a)).as("the schedules' ids, as describe shows them").containsExactlyInAnyOrder(ids);

        // Split: each schedule fired by exactly one gateway, each gateway firing one.
        await().alias("each gateway fires one of the two schedules").atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> firedHere(a).size() == 1 && firedHere(b).size() == 1 && !firedHere(a).equals(firedHere(b)));
        String ofA = firedHere(a).get(0);
        String ofB = firedHere(b).get(0);
        Instant shared = Instant.now();
        // A fired tick is on the async topic, which the first one created.
        await().alias("each gateway fired a tick of its schedule").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> "fired".equals(last(a, ofA)) && "fired".equals(last(b, ofB)));
        try (TopicTail calls = new TopicTail(bootstrap, "stoker.async")) {
            Thread.sleep(SHARED_FOR.toMillis());
            assertThat(firedHere(a)).as("gateway a still fires its schedule only").containsExactly(ofA);
            assertThat(firedHere(b)).as("gateway b still fires its schedule only").containsExactly(ofB);

            // Kill a between two ticks (on even seconds), once its last tick's call is durable and counted (describe
            // shows that call as its last), so the count read just before is all a fired.
            await().alias("a's last tick is durable and counted, the next one not yet due").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> {
                        long now = System.currentTimeMillis();
                        long into = now % PERIOD.toMillis();
                        Instant due = Instant.ofEpochMilli(now - into);
                        String call = FiredTicks.of(FUNCTION, calls.records()).of(ofA).stream()
                                .filter(f -> f.scheduled().equals(due)).map(FiredTicks.Fired::callId).findFirst().orElse(null);
                        return into >= 200 && into <= 1_200 && call != null
                                && call.equals(schedule(a, ofA).path("last").path("callId").asText());
                    });
            long firedByA = fired(a);
            Instant killed = Instant.now();
            assertThat(a.kill()).as("gateway a died of SIGKILL").isEqualTo(137);

            // The take-over falls after the start of the last look that did not see it.
            AtomicReference<Instant> notYet = new AtomicReference<>(killed);
            await().alias("gateway b takes gateway a's schedule over after the broker's session timeout")
                    .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        Instant asked = Instant.now();
                        boolean both = firedHere(b).size() == 2;
                        if (!both) {
                            notYet.set(asked);
                        }
                        return both;
                    });
            Instant takenOver = Instant.now();
            await().alias("four ticks of a's schedule fired by b after the take-over").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> FiredTicks.of(FUNCTION, calls.records()).onTime(ofA, takenOver, Instant.MAX).size() >= 4);
            List<JsonNode> seenByB = ScheduleCallTest.ticks(b.get("/function/" + FUNCTION + "/ticks").body());

            // Deleted, the schedules stop: b's count and the topic then hold the same, final ticks.
            assertThat(b.send(HttpRequest.newBuilder(b.uri("/v1/functions/" + FUNCTION)).DELETE()).statusCode())
                    .isEqualTo(200);
            Thread.sleep(PERIOD.toMillis() + 1_000);
            long firedByB = fired(b);
            Thread.sleep(1_000); // the last write reaches the tail
            FiredTicks ticks = FiredTicks.of(FUNCTION, calls.records());

            List<FiredTicks.Fired> ofAll = ticks.of(ofA);
            Instant lastBeforeKill = ofAll.stream().map(FiredTicks.Fired::scheduled).filter(t -> t.isBefore(killed))
                    .max(Instant::compareTo).orElseThrow();
            Instant firstAfter = ofAll.stream().filter(f -> !f.catchUp()).map(FiredTicks.Fired::scheduled)
                    .filter(t -> t.isAfter(lastBeforeKill)).min(Instant::compareTo).orElseThrow();
            List<FiredTicks.Fired> catchUps = ofAll.stream().filter(FiredTicks.Fired::catchUp).toList();
            Duration gap = Duration.between(lastBeforeKill, firstAfter);
            System.out.printf("schedule two gateways: gateway a fired %d ticks (schedule %s, and both schedules until b joined), "
                            + "gateway b %d (schedule %s, and %s after the take-over); %d ticks on the topic, %d fired twice; "
                            + "a killed %s, b took over %.1f to %.1f s later; a's schedule: last tick before the kill %s, first after %s"
                            + " (gap %d s), catch-up ticks %d; b's function ran %d ticks%n",
                    firedByA, ofA, firedByB, ofB, ofA, ticks.all.size(), ticks.firedTwice().size(), killed,
                    Duration.between(killed, notYet.get()).toMillis() / 1000.0,
                    Duration.between(killed, takenOver).toMillis() / 1000.0, lastBeforeKill, firstAfter,
                    gap.toSeconds(), catchUps.size(), seenByB.size());

            assertThat(ticks.firedTwice()).as("ticks written to the async topic more than once").isEmpty();
            assertThat(firedByA + firedByB).as("the gateways' fired counts add up to the ticks on the topic")
                    .isEqualTo(ticks.all.size());
            assertThat(firedByA).as("ticks gateway a fired").isPositive();

            // While both ran, and for b's own schedule through a's death: every period, none left out.
            Instant steadyFrom = shared.plus(PERIOD);
            for (String id : List.of(ofA, ofB)) {
                List<Instant> whileShared = ticks.onTime(id, steadyFrom, killed);
                assertThat(whileShared).as("ticks of %s while both gateways ran", id)
                        .hasSizeGreaterThanOrEqualTo((int) (SHARED_FOR.toSeconds() / PERIOD.toSeconds()) - 2);
                assertThat(FiredTicks.irregular(whileShared, PERIOD)).as("steps between ticks of %s while both ran", id)
                        .isEmpty();
            }
            assertThat(FiredTicks.irregular(ticks.onTime(ofB, steadyFrom, Instant.MAX), PERIOD))
                    .as("steps between ticks of b's own schedule, through a's death and the rebalance").isEmpty();
            assertThat(ticks.of(ofB)).as("b's own schedule needs no catch-up").noneMatch(FiredTicks.Fired::catchUp);

            // a's schedule: silent from the kill until the rebalance, then every period again. The first tick b fires
            // is the newest one due when it took over (at most one period before it saw that); older ones were
            // missed, and missed: once stands for them with at most one catch-up tick, between the two.
            assertThat(firstAfter).as("b's first tick of a's schedule is due less than a period before the take-over")
                    .isAfter(notYet.get().minus(PERIOD));
            assertThat(FiredTicks.irregular(ticks.onTime(ofA, firstAfter, Instant.MAX), PERIOD))
                    .as("steps between ticks of a's schedule after the take-over").isEmpty();
            assertThat(catchUps).as("catch-up ticks of a's schedule").hasSizeLessThanOrEqualTo(1);
            catchUps.forEach(c -> assertThat(c.scheduled()).as("the catch-up tick stands for ticks of the gap")
                    .isAfter(lastBeforeKill).isBefore(firstAfter));
            if (gap.compareTo(LATENESS.plus(PERIOD.multipliedBy(2))) > 0) {
                assertThat(catchUps).as("a gap past the lateness has its catch-up tick (missed: once)").hasSize(1);
            }

            // The ticks are real calls: b's instance ran some of them (the others are on partitions of the async
            // topic that a's dead consumer holds until its own session timeout).
            assertThat(seenByB).as("ticks b's instance ran").isNotEmpty();
            List<String> written = ticks.all.stream().map(f -> f.schedule() + "@" + f.scheduled()).toList();
            for (JsonNode t : seenByB) {
                assertThat(t.path("ce-type").asText()).isEqualTo("io.stoker.schedule.tick");
                String id = t.path("ce-source").asText().substring(("/stoker/schedules/" + FUNCTION + "/").length());
                assertThat(written).as("a tick the function ran was fired").contains(id + "@" + Instant.parse(t.path("ce-time").asText()));
            }
        }
        return image;
    }

    private static String schedule(String body) {
        return "    - cron: \"@every 2s\"\n      path: /tick\n      body: " + body + "\n      overlap: allow\n"
                + "      missed: once\n";
    }

    /** A schedule body for which the schedule's key falls in partitions [from, to) of the schedule topic. */
    private static String bodyInPartitions(int from, int to) {
        for (int i = 0; ; i++) {
            String body = "tick-" + i;
            int p = Utils.toPositive(Utils.murmur2(key(body).getBytes(StandardCharsets.UTF_8))) % SCHEDULE_PARTITIONS;
            if (p >= from && p < to) {
                return body;
            }
        }
    }

    /** The key of a schedule's memory and partition, as ScheduleRunner.keyOf makes it. */
    private static String key(String body) {
        return FUNCTION + "/" + new ScheduleTrigger("@every 2s", ScheduleTrigger.DEFAULT_ZONE, "/tick", body,
                ScheduleTrigger.Overlap.ALLOW, ScheduleTrigger.Missed.ONCE).id();
    }

    private static List<String> scheduleIds(GatewayProcess g) throws Exception {
        JsonNode fn = TestApi.readJson(g.get("/v1/functions/" + FUNCTION).body());
        return java.util.stream.StreamSupport.stream(fn.path("schedules").spliterator(), false)
                .map(s -> s.path("id").asText()).toList();
    }

    /** The ids of the schedules this gateway fires, as its describe says. */
    private static List<String> firedHere(GatewayProcess g) throws Exception {
        HttpResponse<String> r = g.get("/v1/functions/" + FUNCTION);
        if (r.statusCode() != 200) {
            return List.of();
        }
        return java.util.stream.StreamSupport.stream(TestApi.readJson(r.body()).path("schedules").spliterator(), false)
                .filter(s -> s.path("firedHere").asBoolean()).map(s -> s.path("id").asText()).sorted().toList();
    }

    /** The outcome of a schedule's last tick, as this gateway's describe says. */
    private static String last(GatewayProcess g, String id) throws Exception {
        return schedule(g, id).path("last").path("outcome").asText(null);
    }

    /** A schedule as this gateway's describe shows it (a missing node if it has none of that id). */
    private static JsonNode schedule(GatewayProcess g, String id) throws Exception {
        for (JsonNode s : TestApi.readJson(g.get("/v1/functions/" + FUNCTION).body()).path("schedules")) {
            if (s.path("id").asText().equals(id)) {
                return s;
            }
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** stoker_schedule_ticks_total{outcome="fired"} of the function on this gateway. */
    private static long fired(GatewayProcess g) throws Exception {
        String metrics = g.get("/q/metrics").body();
        Matcher m = Pattern.compile("^stoker_schedule_ticks_total\\{function=\"" + FUNCTION
                + "\",outcome=\"fired\"} ([0-9.E]+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? (long) Double.parseDouble(m.group(1)) : 0;
    }

    private static Map<String, String> env(ApiServerStandIn apiServer, String bootstrap, String network, boolean builds) {
        Map<String, String> env = new HashMap<>(apiServer.gatewayEnv());
        env.put("STOKER_ENGINE_NETWORK", network);
        env.put("STOKER_KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        env.put("STOKER_BUILD_ENABLED", Boolean.toString(builds));
        env.put("POD_NAME", builds ? "gateway-a" : "gateway-b");
        return env;
    }

    private static CompletableFuture<GatewayProcess> startAsync(Path home, Map<String, String> env) throws Exception {
        int port = KafkaBrokerResource.freePort();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return GatewayProcess.start(home, port, env);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void closeQuietly(GatewayProcess g) {
        try {
            g.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
