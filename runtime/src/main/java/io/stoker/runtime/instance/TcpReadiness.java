package io.stoker.runtime.instance;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Ready when a TCP connect to the port succeeds. */
public final class TcpReadiness implements ReadinessCheck {

    private static final int CONNECT_TIMEOUT_MS = 500;

    @Override
    public boolean probe(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "a TCP connect";
    }
}
