package io.stoker.runtime.engine.docker;

import com.github.dockerjava.api.model.Event;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the engine's container events into exits. Docker reports a kill from outside ({@code kill}) and an
 * out-of-memory kill ({@code oom}) as events of their own before the {@code die}; one instance per watch remembers
 * them until the die arrives. Called on one stream thread.
 */
final class DockerEvents {

    /** Containers killed or OOM-killed whose die has not come yet; bounded so signals that kill nothing do not pile up. */
    private final Map<String, Boolean> pending = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 1024;
        }
    };

    /** The exit this event completes, if it is a {@code die}. */
    Optional<ContainerExit> accept(Event event) {
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        String id = event.getActor() != null && event.getActor().getId() != null
                ? event.getActor().getId() : event.getId();
        if (id == null || action == null) {
            return Optional.empty();
        }
        switch (action) {
            case "oom" -> pending.put(id, Boolean.TRUE);
            case "kill" -> pending.putIfAbsent(id, Boolean.FALSE);
            case "die" -> {
                Boolean seen = pending.remove(id);
                Map<String, String> attributes = event.getActor() == null ? null : event.getActor().getAttributes();
                int code = exitCode(attributes);
                ExitCause cause = ExitCause.of(Boolean.TRUE.equals(seen), seen != null, code);
                return Optional.of(new ContainerExit(id, cause, code, timeOf(event)));
            }
            default -> { }
        }
        return Optional.empty();
    }

    static int exitCode(Map<String, String> attributes) {
        String code = attributes == null ? null : attributes.get("exitCode");
        if (code == null) {
            return -1;
        }
        try {
            return Integer.parseInt(code.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static Instant timeOf(Event event) {
        if (event.getTimeNano() != null) {
            long nanos = event.getTimeNano();
            return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
        }
        return event.getTime() != null ? Instant.ofEpochSecond(event.getTime()) : Instant.now();
    }

    /** The engine's {@code since} form, seconds.nanoseconds. */
    static String since(Instant at) {
        return at.getEpochSecond() + "." + String.format("%09d", at.getNano());
    }
}
