package io.stoker.runtime.pool;

/**
 * The last start of an instance (its launch, or its resume from standby): a call that arrived before
 * {@code readyNanos} and was served by the instance waited for that start; one that arrived later found it warm. Made
 * once per start, never per call.
 *
 * @param kind launched from the image or thawed from PAUSED
 * @param readyNanos when it became READY, on the pool's nanosecond source ({@link System#nanoTime} for the system
 *     clock, so the call path compares it with its own readings)
 * @param tookNanos how long the start took, from the request to READY
 */
public record InstanceStart(StartKind kind, long readyNanos, long tookNanos) {
}
