package io.stoker.runtime.schedule;

import java.time.Instant;

/**
 * What a schedule's memory keeps: the last tick handled and the call it became.
 *
 * @param scheduled when that tick was due
 * @param callId the id of the last tick's call; null before the first call (or if its id was not kept)
 */
public record LastTick(Instant scheduled, String callId) {}
