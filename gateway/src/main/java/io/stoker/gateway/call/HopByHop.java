package io.stoker.gateway.call;

import io.vertx.core.MultiMap;
import java.util.List;

/** Headers that belong to one connection (RFC 9110 §7.6.1) and are never forwarded by a proxy. */
public final class HopByHop {

    private static final List<String> NAMES = List.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {}

    /** Compared without changing case, so the invoke path allocates nothing per header. */
    static boolean is(String name) {
        for (String hop : NAMES) {
            if (hop.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Copies end-to-end headers, also dropping those the Connection header names (its comma-separated tokens). */
    public static void copy(MultiMap from, MultiMap to) {
        String connection = from.get("connection");
        String[] named = connection == null ? null : tokens(connection);
        for (var e : from) {
            String name = e.getKey();
            if (is(name) || (named != null && namedIn(named, name))) {
                continue;
            }
            to.add(name, e.getValue());
        }
    }

    /**
     * Whether any header is hop-by-hop (a Connection header included). Most requests carry none, and their own header
     * map can then be forwarded as it is; the others are copied ({@link #copy}), never changed in place, since the
     * server still reads its request's Connection header to decide whether to keep the connection.
     */
    static boolean present(MultiMap headers) {
        for (var e : headers) {
            if (is(e.getKey())) {
                return true;
            }
        }
        return false;
    }

    /** The Connection header's names, stripped once rather than once per header they are compared with. */
    private static String[] tokens(String connection) {
        String[] tokens = connection.split(",");
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = tokens[i].strip();
        }
        return tokens;
    }

    private static boolean namedIn(String[] tokens, String name) {
        for (String token : tokens) {
            if (token.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
