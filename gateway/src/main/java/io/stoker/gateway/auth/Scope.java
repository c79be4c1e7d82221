package io.stoker.gateway.auth;

import java.util.Locale;

/** What a token may do. {@code admin} grants everything, {@code deploy} also reads, {@code invoke} only invokes. */
public enum Scope {
    ADMIN, DEPLOY, INVOKE, READ;

    /** Whether a token of this scope may make a call that needs {@code needed}. */
    public boolean grants(Scope needed) {
        return switch (this) {
            case ADMIN -> true;
            case DEPLOY -> needed == DEPLOY || needed == READ;
            case READ -> needed == READ;
            case INVOKE -> needed == INVOKE;
        };
    }

    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code text}; throws {@link IllegalArgumentException} naming the choices. */
    public static Scope parse(String text) {
        for (Scope s : values()) {
            if (s.text().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a scope: admin, deploy, invoke or read");
    }
}
