package io.stoker.runtime.schedule;

import java.time.Instant;

/**
 * One tick to fire.
 *
 * @param scheduled the time it was due (the call's {@code ce-time})
 * @param catchUp whether it stands for ticks missed while no gateway could fire them ({@code missed: once})
 */
public record Tick(Instant scheduled, boolean catchUp) {}
