package io.stoker.runtime.instance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private HttpServer server;
    private final AtomicInteger status = new AtomicInteger(200);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theManifestsPathChoosesHttpElseTcp() {
        assertThat(ReadinessCheck.forPath("")).isInstanceOf(TcpReadiness.class);
        assertThat(ReadinessCheck.forPath("/health")).isInstanceOf(HttpReadiness.class);
        assertThatThrownBy(() -> new HttpReadiness("health")).hasMessageContaining("must start with '/'");
    }

    @Test
    void tcpIsReadyWhenSomethingListens() throws IOException {
        assertThat(new TcpReadiness().probe("127.0.0.1", port())).isTrue();
        assertThat(new TcpReadiness().probe("127.0.0.1", closedPort())).isFalse();
    }

    @Test
    void httpIsReadyOnAnyStatusBelow500() throws IOException {
        HttpReadiness check = new HttpReadiness("/health");
        status.set(404);
        assertThat(check.probe("127.0.0.1", port())).isTrue();
        status.set(503);
        assertThat(check.probe("127.0.0.1", port())).isFalse();
        assertThat(check.probe("127.0.0.1", closedPort())).isFalse();
    }

    @Test
    void theWaitPollsQuicklyUntilReady() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        ReadinessCheck readyOnFifth = (host, port) -> probes.incrementAndGet() >= 5;
        assertThat(new ReadinessWait(Clock.systemUTC(), Duration.ofSeconds(5)).await(readyOnFifth, "h", 1, () -> true))
                .isEqualTo(ReadinessWait.Outcome.READY);
        // Ready at the fifth probe, and not probed again; how short the pauses between them are is the schedule's
        // test below (a wall-clock bound here failed on a loaded machine: 307 ms for four pauses of under 2 ms).
        assertThat(probes).hasValue(5);
    }

    @Test
    void pausesStartAtOneMillisecondAndNeverExceedFive() {
        List<Long> pauses = new ArrayList<>();
        long pause = ReadinessWait.FIRST_PAUSE.toNanos();
        for (int i = 0; i < 40; i++) {
            pauses.add(pause);
            pause = ReadinessWait.nextPauseNanos(pause);
        }
        assertThat(pauses.get(0)).isEqualTo(1_000_000L);
        assertThat(pauses).isSorted().allSatisfy(p -> assertThat(p).isLessThanOrEqualTo(5_000_000L));
        assertThat(pauses.get(39)).isEqualTo(5_000_000L);
        // an instance that listens after 100 ms is seen within 5 ms of it: the pauses before then add up past 100 ms
        // with none longer than 5 ms; the first 20 ms hold 8 probes (1, 1.25, 1.56, ... 4.77 ms apart), the first 50 ms 14
        long sum = 0;
        int within50 = 0;
        for (long p : pauses) {
            sum += p;
            if (sum <= 50_000_000L) {
                within50++;
            }
        }
        assertThat(sum).isGreaterThan(100_000_000L);
        assertThat(within50).isEqualTo(14);
    }

    @Test
    void theWaitStopsWhenTheContainerDiedOrTimeRanOut() throws Exception {
        ReadinessCheck never = (host, port) -> false;
        assertThat(new ReadinessWait(Clock.systemUTC(), Duration.ofSeconds(10)).await(never, "h", 1, () -> false))
                .isEqualTo(ReadinessWait.Outcome.EXITED);
        assertThat(new ReadinessWait(Clock.systemUTC(), Duration.ofMillis(50)).await(never, "h", 1, () -> true))
                .isEqualTo(ReadinessWait.Outcome.TIMED_OUT);
    }
}
