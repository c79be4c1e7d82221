package io.stoker.cli.services;

import io.stoker.cli.system.Host;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Checks the container engine: its socket exists, we may use it, and {@code GET /_ping} answers 200. */
public final class EngineProbe implements HealthCheck {

    private final Path socket;
    private final Host host;

    public EngineProbe(Path socket, Host host) {
        this.socket = socket;
        this.host = host;
    }

    /** The engine socket: {@code DOCKER_HOST=unix://...} when set, else /var/run/docker.sock. */
    public static Path socketPath(Map<String, String> env) {
        String dh = env.get("DOCKER_HOST");
        if (dh != null && dh.startsWith("unix://")) {
            return Path.of(dh.substring("unix://".length()));
        }
        return Path.of("/var/run/docker.sock");
    }

    public Path socket() {
        return socket;
    }

    /** Empty when usable, else what is wrong and what to do. */
    public String problem() {
        if (!Files.exists(socket)) {
            return "no engine socket at " + socket + ": start the engine with `sudo bin/stoker up`";
        }
        if (!host.canReadWrite(socket)) {
            return "the engine socket " + socket + " is not accessible to uid " + host.effectiveUid()
                    + ": run as root or join the group that owns it";
        }
        if (!ping()) {
            return "the engine at " + socket + " does not answer: start it with `sudo bin/stoker up`";
        }
        return "";
    }

    @Override
    public boolean ready() {
        return problem().isEmpty();
    }

    private boolean ping() {
        // a blocking channel has no read timeout: bound the whole exchange instead
        CompletableFuture<Boolean> f = CompletableFuture.supplyAsync(() -> {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(socket));
                ch.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: engine\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
                ByteBuffer buf = ByteBuffer.allocate(64);
                while (buf.position() < 12 && ch.read(buf) >= 0) {
                    // read at least "HTTP/1.x 200"
                }
                String head = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                return head.matches("(?s)HTTP/1\\.[01] 200.*");
            } catch (IOException e) {
                return false;
            }
        });
        try {
            return f.get(3, TimeUnit.SECONDS);
        } catch (Exception e) {
            f.cancel(true);
            return false;
        }
    }
}
