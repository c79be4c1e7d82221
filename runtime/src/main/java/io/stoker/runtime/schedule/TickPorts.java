package io.stoker.runtime.schedule;

import io.stoker.runtime.spec.ScheduleTrigger;
import java.util.concurrent.CompletionStage;

/** What a {@link ScheduleRunner} needs from the platform: injected, so its logic runs on fakes and virtual time. */
public interface TickPorts {

    /** Turns a tick into an async call; completes with the call's id once it is durable. */
    CompletionStage<String> fire(String function, ScheduleTrigger schedule, Tick tick);

    /** Whether the call with this id has not ended yet (false when nothing is known of it). */
    boolean running(String callId);

    /**
     * Remembers the last tick handled, before its call is made, so no other gateway fires it again; throws when it
     * cannot (the tick is then not fired).
     */
    void claim(String key, LastTick last);

    /** Remembers the call a claimed tick became, without waiting. */
    void note(String key, LastTick last);

    /** Counts ticks by outcome. */
    void count(String function, TickOutcome outcome, int ticks);
}
