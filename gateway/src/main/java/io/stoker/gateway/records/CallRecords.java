package io.stoker.gateway.records;

import java.util.Optional;

/**
 * Reading the record store. A call offered more than once (an async call: accepted, running, then its end) has
 * one record, the last offered. A record is there once the writer stored it, shortly after it was offered.
 */
public interface CallRecords {

    /** The record of the call with this id, if the store has it. */
    Optional<CallRecord> find(String id);

    /**
     * The records that match {@code query}, newest first (by arrival, then id), one page. A default so that a
     * stand-in for {@link #find} stays a lambda; the store's implementation overrides it.
     */
    default RecordPage list(RecordQuery query) {
        throw new UnsupportedOperationException("this record store cannot list records");
    }
}
