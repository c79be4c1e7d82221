package io.stoker.gateway.invoke;

import io.vertx.core.MultiMap;
import java.util.Locale;
import java.util.Set;

/** Headers that belong to one connection (RFC 9110 §7.6.1) and are never forwarded by a proxy. */
final class HopByHop {

    private static final Set<String> NAMES = Set.of(
            "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade");

    private HopByHop() {}

    static boolean is(String name) {
        return NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Copies end-to-end headers, also dropping those the Connection header names. */
    static void copy(MultiMap from, MultiMap to) {
        String connection = from.get("connection");
        String named = connection == null ? null : connection.toLowerCase(Locale.ROOT);
        for (var e : from) {
            String name = e.getKey();
            if (is(name) || (named != null && named.contains(name.toLowerCase(Locale.ROOT)))) {
                continue;
            }
            to.add(name, e.getValue());
        }
    }
}
