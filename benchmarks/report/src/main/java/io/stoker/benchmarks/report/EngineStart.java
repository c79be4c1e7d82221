package io.stoker.benchmarks.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The engine's own cold start, the yardstick of cold-start.sh: one container of IMAGE created, started and answering
 * its first HTTP GET, straight on the Docker Engine API socket, with the settings of a Stoker instance (network,
 * memory and CPU limits, pids limit, read-only root, tmpfs /tmp, every capability dropped, no-new-privileges, $PORT),
 * then removed. Nothing of Stoker runs: no JVM warm-up either, the JVM is started before the clock starts.
 *
 * <p>Usage: {@code java -cp stoker-bench-report.jar io.stoker.benchmarks.report.EngineStart SOCKET IMAGE NETWORK
 * MEMORY_BYTES PORT [TRIES]}. Prints one line per try: {@code create_ms start_ms inspect_ms answer_ms total_ms}
 * ({@code total} from the create request to the first answer; the remove is not timed). The first answer is polled
 * every millisecond, as finely as anything could see it.
 */
public final class EngineStart {

    private static final Pattern ID = Pattern.compile("\"Id\"\\s*:\\s*\"([0-9a-f]+)\"");

    private final String socket;

    private EngineStart(String socket) {
        this.socket = socket;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: EngineStart SOCKET IMAGE NETWORK MEMORY_BYTES PORT [TRIES]");
            System.exit(2);
        }
        EngineStart engine = new EngineStart(args[0]);
        String image = args[1];
        String network = args[2];
        long memory = Long.parseLong(args[3]);
        int port = Integer.parseInt(args[4]);
        int tries = args.length > 5 ? Integer.parseInt(args[5]) : 1;
        for (int i = 0; i < tries; i++) {
            System.out.println(engine.once(image, network, memory, port));
        }
    }

    static String createBody(String image, String network, long memory, int port) {
        return "{\"Image\":\"" + image + "\",\"Env\":[\"PORT=" + port + "\"],"
                + "\"Labels\":{\"stoker.benchmark\":\"engine-start\"},"
                + "\"HostConfig\":{\"NetworkMode\":\"" + network + "\",\"Memory\":" + memory + ",\"MemorySwap\":" + memory
                + ",\"NanoCpus\":1000000000,\"PidsLimit\":256,\"ReadonlyRootfs\":true,"
                + "\"Tmpfs\":{\"/tmp\":\"rw,nosuid,nodev,size=64m\"},\"CapDrop\":[\"ALL\"],"
                + "\"SecurityOpt\":[\"no-new-privileges\"],\"RestartPolicy\":{\"Name\":\"no\"},\"Init\":false}}";
    }

    /** The address of the container on {@code network} in an inspect answer, or "" when it has none. */
    static String address(String inspectJson, String network) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(network) + "\"\\s*:\\s*\\{[^}]*?\"IPAddress\"\\s*:\\s*\"([0-9.]*)\"")
                .matcher(inspectJson);
        return m.find() ? m.group(1) : "";
    }

    /**
     * Loads and links every class the timed path uses (the engine socket, the JSON matching, a TCP connect) before the
     * clock starts: on a busy machine a cold JVM took hundreds of ms for that inside the first timed call, time the
     * engine's own start must not be charged with.
     */
    private void warmUp(String network) throws IOException, InterruptedException {
        call("GET", "/_ping", null);
        address("{\"" + network + "\":{\"IPAddress\":\"127.0.0.1\"}}", network);
        ID.matcher("{\"Id\":\"ab\"}").find();
        try (java.net.ServerSocket closed = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            firstAnswer("127.0.0.1", closed.getLocalPort(), 1);
        }
        String.format(Locale.ROOT, "%.1f", 1.0);
    }

    private String once(String image, String network, long memory, int port) throws IOException, InterruptedException {
        warmUp(network);
        long t0 = System.nanoTime();
        Answer created = call("POST", "/containers/create", createBody(image, network, memory, port));
        Matcher id = ID.matcher(created.body);
        if (created.status != 201 || !id.find()) {
            throw new IOException("create answered " + created.status + ": " + created.body);
        }
        String container = id.group(1);
        try {
            long t1 = System.nanoTime();
            Answer started = call("POST", "/containers/" + container + "/start", null);
            if (started.status != 204) {
                throw new IOException("start answered " + started.status + ": " + started.body);
            }
            long t2 = System.nanoTime();
            String ip = address(call("GET", "/containers/" + container + "/json", null).body, network);
            long t3 = System.nanoTime();
            if (ip.isEmpty()) {
                throw new IOException("container " + container + " has no address on " + network);
            }
            boolean answered = firstAnswer(ip, port, 30_000);
            long t4 = System.nanoTime();
            return String.format(Locale.ROOT, "%.1f %.1f %.1f %s %s", ms(t1 - t0), ms(t2 - t1), ms(t3 - t2),
                    answered ? String.format(Locale.ROOT, "%.1f", ms(t4 - t3)) : "nan",
                    answered ? String.format(Locale.ROOT, "%.1f", ms(t4 - t0)) : "nan");
        } finally {
            call("DELETE", "/containers/" + container + "?force=1&v=1", null);
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Polls every millisecond until an HTTP GET of / gets an HTTP status line back. */
    private static boolean firstAnswer(String ip, int port, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        byte[] get = "GET / HTTP/1.1\r\nHost: fn\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ip, port), 500);
                s.setSoTimeout(2000);
                s.getOutputStream().write(get);
                byte[] head = s.getInputStream().readNBytes(7);
                if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.")) {
                    return true;
                }
            } catch (IOException notYet) {
                // refused or reset: not listening yet
            }
            Thread.sleep(1);
        }
        return false;
    }

    record Answer(int status, String body) {
    }

    /** One request on a new connection to the engine's socket (Connection: close, read to the end). */
    private Answer call(String method, String path, String json) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
            String head = method + " " + path + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n"
                    + (json == null ? "" : "Content-Type: application/json\r\n")
                    + "Content-Length: " + body.length + "\r\n\r\n";
            try (OutputStream out = java.nio.channels.Channels.newOutputStream(ch);
                 InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
                out.write(head.getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                return parse(in.readAllBytes());
            }
        }
    }

    static Answer parse(byte[] raw) throws IOException {
        int end = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), 0);
        String head = new String(raw, 0, Math.max(end, 0), StandardCharsets.US_ASCII);
        if (!head.startsWith("HTTP/1.") || end < 0) {
            throw new IOException("not an HTTP answer from the engine: " + new String(raw, StandardCharsets.UTF_8));
        }
        int status = Integer.parseInt(head.substring(9, 12));
        int from = end + 4;
        if (!head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            return new Answer(status, new String(raw, from, raw.length - from, StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (true) {
            int nl = indexOf(raw, crlf, from);
            if (nl < 0) {
                break;
            }
            int size = Integer.parseInt(new String(raw, from, nl - from, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (size == 0 || nl + 2 + size > raw.length) {
                break;
            }
            body.write(raw, nl + 2, size);
            from = nl + 2 + size + 2;
        }
        return new Answer(status, body.toString(StandardCharsets.UTF_8));
    }

    private static int indexOf(byte[] hay, byte[] needle, int from) {
        outer:
        for (int i = from; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
