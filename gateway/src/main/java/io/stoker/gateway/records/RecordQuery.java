package io.stoker.gateway.records;

import io.stoker.gateway.metrics.Trigger;

/**
 * Which records to list, newest first: each filter null (or 0) when not asked for; {@code after} is the cursor of
 * the previous page's last record, null for the first page.
 */
public record RecordQuery(String function, CallStatus status, Trigger trigger, long sinceMicros, int limit,
                          Cursor after) {

    /** Largest page the store returns. */
    public static final int MAX_LIMIT = 1000;

    public RecordQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
    }
}
