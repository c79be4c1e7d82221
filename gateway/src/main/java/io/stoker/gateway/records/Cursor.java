package io.stoker.gateway.records;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A place in the newest-first order of records: its arrival and id (the order's tie-break). Keyset pagination:
 * records written after a page was read never shift the next page, they sort before the cursor or among the older
 * ones by their own arrival. Opaque to callers: URL-safe base64 of {@code arrival:id}.
 */
public record Cursor(long arrivalMicros, String id) {

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((arrivalMicros + ":" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a page gave; an {@link IllegalArgumentException} saying so when it is not one. */
    public static Cursor decode(String text) {
        try {
            String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return new Cursor(Long.parseLong(plain.substring(0, colon)), plain.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a cursor: pass the 'next' value of a page as it is");
        }
    }

    static Cursor of(CallRecord record) {
        return new Cursor(record.arrivalMicros(), record.id());
    }
}
