package io.stoker.gateway.records;

/**
 * Where calls hand their records. {@link #offer} never blocks and never fails: a recorder that falls behind drops
 * the record and counts it, so recording never slows a call.
 */
public interface CallRecorder {

    /** Hands over one record; returns at once. */
    void offer(CallRecord record);
}
