package io.stoker.gateway.invoke;

import io.vertx.core.MultiMap;
import java.util.List;

/** Headers that belong to one connection (RFC 9110 §7.6.1) and are never forwarded by a proxy. */
final class HopByHop {

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
    static void copy(MultiMap from, MultiMap to) {
        String connection = from.get("connection");
        String[] named = connection == null ? null : connection.split(",");
        for (var e : from) {
            String name = e.getKey();
            if (is(name) || (named != null && namedIn(named, name))) {
                continue;
            }
            to.add(name, e.getValue());
        }
    }

    private static boolean namedIn(String[] tokens, String name) {
        for (String token : tokens) {
            if (token.strip().equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
