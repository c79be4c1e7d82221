package io.stoker.cli.services;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Checks a Kafka broker by one ApiVersions request (the first call every Kafka client makes). A bare
 * TCP connect is not enough: the broker binds its port a few seconds before it serves requests, and
 * connections made in between wait in the backlog.
 */
public final class KafkaProbe implements HealthCheck {

    private static final short API_VERSIONS = 18;
    private static final short NONE = 0;
    /** A broker that no longer speaks v0 still answers, with this error: it serves requests. */
    private static final short UNSUPPORTED_VERSION = 35;
    private static final byte[] CLIENT_ID = "stoker-cli".getBytes(StandardCharsets.US_ASCII);

    private final String host;
    private final int port;
    private final Duration timeout;

    public KafkaProbe(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    public String where() {
        return host + ":" + port;
    }

    @Override
    public boolean ready() {
        int correlationId = (int) (System.nanoTime() & 0x7fffffff);
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            // request header v1 (api key, api version, correlation id, client id) and an empty v0 body
            out.writeInt(2 + 2 + 4 + 2 + CLIENT_ID.length);
            out.writeShort(API_VERSIONS);
            out.writeShort(0);
            out.writeInt(correlationId);
            out.writeShort(CLIENT_ID.length);
            out.write(CLIENT_ID);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            int size = in.readInt();
            if (size < 6) {
                return false;
            }
            int answeredId = in.readInt();
            short error = in.readShort();
            return answeredId == correlationId && (error == NONE || error == UNSUPPORTED_VERSION);
        } catch (IOException e) {
            return false;
        }
    }
}
