package io.stoker.cli.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against tiny fake brokers on loopback. */
class KafkaProbeTest {

    private ServerSocket server;
    private final AtomicReference<short[]> seenHeader = new AtomicReference<>();

    @AfterEach
    void close() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    private KafkaProbe probe() {
        return new KafkaProbe("127.0.0.1", server.getLocalPort(), Duration.ofMillis(500));
    }

    /** Answers each request with (correlation id mapped by {@code answerId}, {@code error}). */
    private void answering(IntUnaryOperator answerId, short error) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            try (Socket s = server.accept()) {
                DataInputStream in = new DataInputStream(s.getInputStream());
                int size = in.readInt();
                short apiKey = in.readShort();
                short apiVersion = in.readShort();
                int correlationId = in.readInt();
                in.readNBytes(size - 8);
                seenHeader.set(new short[] {apiKey, apiVersion});
                DataOutputStream out = new DataOutputStream(s.getOutputStream());
                out.writeInt(4 + 2 + 4);
                out.writeInt(answerId.applyAsInt(correlationId));
                out.writeShort(error);
                out.writeInt(0); // empty api_keys array
                out.flush();
            } catch (IOException e) {
                // the test closed the server
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @Test
    void readyWhenTheBrokerAnswersApiVersions() throws Exception {
        answering(id -> id, (short) 0);
        assertThat(probe().ready()).isTrue();
        assertThat(seenHeader.get()).containsExactly((short) 18, (short) 0);
    }

    @Test
    void readyWhenTheBrokerRejectsTheVersionButAnswers() throws Exception {
        answering(id -> id, (short) 35);
        assertThat(probe().ready()).isTrue();
    }

    @Test
    void notReadyOnAnotherErrorOrAnAnswerToAnotherRequest() throws Exception {
        answering(id -> id, (short) 1);
        assertThat(probe().ready()).isFalse();
        server.close();
        answering(id -> id + 1, (short) 0);
        assertThat(probe().ready()).isFalse();
    }

    @Test
    void notReadyWhenThePortIsBoundButNotServing() throws Exception {
        // what a starting broker looks like: connects succeed (backlog), nobody reads
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        long t0 = System.nanoTime();
        assertThat(probe().ready()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void notReadyWhenNothingListens() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.close();
        assertThat(probe().ready()).isFalse();
        assertThat(probe().where()).isEqualTo("127.0.0.1:" + server.getLocalPort());
    }
}
