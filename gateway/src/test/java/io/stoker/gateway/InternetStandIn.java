package io.stoker.gateway;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A stand-in for "the internet" that never leaves this machine: a network namespace joined to the host by a veth
 * pair, on an address of TEST-NET-2 (198.51.100.0/24, never routed on the real internet), with a TCP listener inside.
 * A container reaches it only through the host's forwarding, as it would reach any outside address: exactly what a
 * network with no route out must stop. The host's own addresses cannot stand in, since every bridge, internal or
 * not, delivers to them locally. Needs root (CI and the test machines run as root) and iproute2 (which docker.io brings).
 */
final class InternetStandIn implements AutoCloseable {

    /** Accepts connections and closes them: a TCP connect is all the egress probe tries. */
    private static final String LISTENER = """
            public class Listener {
                public static void main(String[] args) throws Exception {
                    try (var server = new java.net.ServerSocket(Integer.parseInt(args[1]), 50,
                            java.net.InetAddress.getByName(args[0]))) {
                        while (true) {
                            server.accept().close();
                        }
                    }
                }
            }
            """;

    private final String namespace;
    private final String address;
    private final int port = 18_080;
    private Process listener;

    private InternetStandIn(String namespace, String address) {
        this.namespace = namespace;
        this.address = address;
    }

    /** Sets it up; names and a /30 of its own come from this JVM's pid, so two test runs never collide. */
    static InternetStandIn start() {
        long pid = ProcessHandle.current().pid();
        int block = (int) (pid % 63) * 4;
        String ns = "stoker-inet-" + pid;
        String host = "sti" + pid + "h";
        String inside = "sti" + pid + "n";
        InternetStandIn standIn = new InternetStandIn(ns, "198.51.100." + (block + 2));
        try {
            sh("ip", "netns", "add", ns);
            sh("ip", "link", "add", host, "type", "veth", "peer", "name", inside);
            sh("ip", "link", "set", inside, "netns", ns);
            sh("ip", "addr", "add", "198.51.100." + (block + 1) + "/30", "dev", host);
            sh("ip", "link", "set", host, "up");
            sh("ip", "netns", "exec", ns, "ip", "addr", "add", standIn.address + "/30", "dev", inside);
            sh("ip", "netns", "exec", ns, "ip", "link", "set", inside, "up");
            // The listener is this JDK running a one-file program inside the namespace: nothing else to install.
            java.nio.file.Path program = java.nio.file.Files.createTempFile("stand-in-internet", ".java");
            java.nio.file.Files.writeString(program, LISTENER);
            program.toFile().deleteOnExit();
            String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
            standIn.listener = new ProcessBuilder("ip", "netns", "exec", ns, javaBin, program.toString(),
                    standIn.address, Integer.toString(standIn.port)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            Awaitility.await().alias("the stand-in internet's listener answers from the host")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(standIn::answers);
            return standIn;
        } catch (IOException | RuntimeException e) {
            standIn.close();
            throw new IllegalStateException("could not set up the stand-in internet (needs root and iproute2): "
                    + e.getMessage(), e);
        }
    }

    String address() {
        return address;
    }

    int port() {
        return port;
    }

    private boolean answers() {
        try (Socket s = new Socket(address, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops the listener and removes the namespace, which takes both ends of the veth pair with it. */
    @Override
    public void close() {
        if (listener != null) {
            listener.destroyForcibly();
        }
        try {
            sh("ip", "netns", "del", namespace);
        } catch (IOException | RuntimeException e) {
            // not made, or already gone
        }
    }

    private static void sh(String... argv) throws IOException {
        Process p = new ProcessBuilder(List.of(argv)).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException(String.join(" ", argv) + " failed: " + out.trim());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
