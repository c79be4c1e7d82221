package io.stoker.gateway.control;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Kafka as the pass sees it: a lag per function; it logs each call into the shared log and can fail its refresh. */
final class RecordingTriggers implements TriggerUpkeep {

    private final List<String> log;
    final Map<String, Long> lag = new HashMap<>();
    RuntimeException failOnRefresh;

    RecordingTriggers(List<String> log) {
        this.log = log;
    }

    @Override
    public void refreshLag() {
        log.add("refresh lag");
        if (failOnRefresh != null) {
            throw failOnRefresh;
        }
    }

    @Override
    public long lag(String function) {
        return lag.getOrDefault(function, 0L);
    }

    @Override
    public void publishChanges(Instant at) {
        log.add("publish at " + at);
    }
}
