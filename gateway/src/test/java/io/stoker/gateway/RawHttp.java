package io.stoker.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written and read by hand on a plain socket, for what a well-behaved client library will not do: bind a
 * chosen loopback source address, pipeline many requests in one write, send headers slowly or too many of them.
 */
final class RawHttp {

    /** One answer as read off the wire. */
    record Answer(int status, Map<String, String> headers, String body) {}

    private RawHttp() {}

    /** A socket to the gateway on 127.0.0.1, from {@code source} (any 127.x.y.z works on Linux). */
    static Socket connect(String source, int port) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.setSoTimeout(30_000);
        return s;
    }

    /** Writes {@code count} GETs of {@code path} at once and reads every answer. */
    static List<Answer> pipelined(String source, int port, String path, int count) throws IOException {
        try (Socket s = connect(source, port)) {
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < count; i++) {
                requests.append("GET ").append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            }
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            List<Answer> answers = new ArrayList<>();
            InputStream in = s.getInputStream();
            for (int i = 0; i < count; i++) {
                answers.add(read(in));
            }
            return answers;
        }
    }

    /** Sends {@code head} (request line and headers, without the final blank line added) and reads the answer. */
    static Answer send(String head, int port) throws IOException {
        try (Socket s = connect("127.0.0.1", port)) {
            s.getOutputStream().write((head + "\r\n").getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    static Answer read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("the connection closed before an answer");
        }
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); line != null && !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        byte[] body = in.readNBytes(length);
        return new Answer(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                String s = buf.toString(StandardCharsets.US_ASCII);
                return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.US_ASCII);
    }
}
