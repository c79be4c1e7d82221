package io.stoker.gateway;

import io.stoker.gateway.records.CallRecord;
import io.stoker.gateway.records.CallRecorder;
import io.stoker.gateway.records.StoredRecords;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real recorder ({@link StoredRecords}) with every record offered also kept here, so a test sees each step of a
 * call (the store keeps only the last record of a call id); enabled only by the profiles that name it
 * ({@link AsyncTestProfile}), so other tests use the store alone.
 */
@Alternative
@ApplicationScoped
public class RecordingRecorder implements CallRecorder {

    private final List<CallRecord> offered = new ArrayList<>();
    private final StoredRecords store;

    public RecordingRecorder(StoredRecords store) {
        this.store = store;
    }

    @Override
    public void offer(CallRecord record) {
        synchronized (this) {
            offered.add(record);
        }
        store.offer(record);
    }

    public synchronized List<CallRecord> offered() {
        return new ArrayList<>(offered);
    }

    /** Call id → its records in the order offered. */
    public synchronized Map<String, List<CallRecord>> byId() {
        Map<String, List<CallRecord>> out = new HashMap<>();
        offered.forEach(r -> out.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(r));
        return out;
    }
}
