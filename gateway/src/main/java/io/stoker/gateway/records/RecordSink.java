package io.stoker.gateway.records;

import java.util.List;

/** Where the writer puts a batch of records (the store; a slow stand-in in tests). */
public interface RecordSink {

    /** Stores the batch in one go; records with an id already stored replace it. */
    void write(List<CallRecord> batch) throws Exception;
}
