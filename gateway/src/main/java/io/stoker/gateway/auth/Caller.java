package io.stoker.gateway.auth;

import java.util.Set;

/**
 * Who made a call: the id of the token presented (never the token), its scope, and the functions it is limited to
 * (empty: all).
 */
public record Caller(String tokenId, Scope scope, Set<String> functions) {

    /** The holder of the admin token in {@code $STOKER_HOME/token}. */
    public static final Caller ADMIN = new Caller("admin", Scope.ADMIN, Set.of());

    public Caller {
        functions = Set.copyOf(functions);
    }

    /** Whether the call may be made: the scope grants {@code need}, and a function it names is one of the token's. */
    public boolean may(Access.Need need) {
        return scope.grants(need.scope()) && (need.function() == null || functions.isEmpty()
                || functions.contains(need.function()));
    }
}
