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
        long start = System.nanoTime();
        assertThat(new ReadinessWait(Clock.systemUTC(), Duration.ofSeconds(5)).await(readyOnFifth, "h", 1, () -> true))
                .isEqualTo(ReadinessWait.Outcome.READY);
        // Four pauses of 2, 3, 4.5 and 6.75 ms: well under 100 ms even on a busy machine.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(100));
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
