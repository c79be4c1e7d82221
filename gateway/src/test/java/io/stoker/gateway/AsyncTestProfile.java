package io.stoker.gateway;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;
import java.util.Set;

/**
 * The async tests' gateway: records kept by {@link RecordingRecorder} (no record store exists yet), callbacks only
 * to loopback (the allow-list), and a consumer whose {@code max.poll.interval.ms} is short, so a call longer than it
 * shows it is neither delivered twice nor fatal to the channel.
 */
public class AsyncTestProfile implements QuarkusTestProfile {

    /** The consumer's max.poll.interval.ms in these tests; the long call takes more than twice as long. */
    static final int MAX_POLL_INTERVAL_MS = 6_000;

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(RecordingRecorder.class);
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "stoker.async.callback-hosts", "127.0.0.1,localhost",
                "mp.messaging.incoming.async-calls.max.poll.interval.ms", Integer.toString(MAX_POLL_INTERVAL_MS),
                "mp.messaging.incoming.async-calls.session.timeout.ms", "6000",
                "mp.messaging.incoming.async-calls.heartbeat.interval.ms", "2000");
    }
}
