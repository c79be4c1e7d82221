package io.stoker.gateway;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A Unix socket that forwards every connection to another one, byte for byte: the Docker engine appearing at a
 * path where a gateway was told to find it, for the test of a gateway started before its engine.
 */
final class UnixSocketProxy implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Path path;

    private UnixSocketProxy(ServerSocketChannel server, Path path) {
        this.server = server;
        this.path = path;
    }

    static UnixSocketProxy start(Path listen, Path target) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(listen));
        UnixSocketProxy proxy = new UnixSocketProxy(server, listen);
        Thread acceptor = new Thread(() -> proxy.accept(target), "unix-proxy-" + listen.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    private void accept(Path target) {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                SocketChannel upstream = SocketChannel.open(UnixDomainSocketAddress.of(target));
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        Thread t = new Thread(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            try (from; to) {
                while (from.read(buffer) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        to.write(buffer);
                    }
                    buffer.clear();
                }
            } catch (IOException e) {
                // either side went away: both are closed on the way out
            }
        }, "unix-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(path);
    }
}
