package io.stoker.runtime.schedule;

import io.stoker.runtime.spec.ScheduleTrigger;
import java.time.Instant;

/**
 * One schedule as {@code describe} shows it.
 *
 * @param schedule its definition
 * @param next when its next tick falls; null if none is left
 * @param lastScheduled when its last tick was due; null if none yet (or another gateway fires it and has not told)
 * @param lastCallId the last tick's call; null if none
 * @param lastOutcome what became of the last tick; null if none yet
 * @param firedHere whether this gateway fires it (else another gateway holds it)
 */
public record ScheduleStatus(ScheduleTrigger schedule, Instant next, Instant lastScheduled, String lastCallId,
                             TickOutcome lastOutcome, boolean firedHere) {}
