package io.stoker.gateway.records;

import java.util.List;

/** One page of records, newest first; {@code next} continues after its last record, null on the last page. */
public record RecordPage(List<CallRecord> records, Cursor next) {
}
