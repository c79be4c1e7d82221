package io.stoker.runtime.autoscale;

/**
 * What the autoscaler wants after one observation.
 *
 * @param desired instances wanted, already bounded by min and max
 * @param panicking whether panic mode is on (no scale-down while it is)
 * @param stableAverage demand (concurrent calls) averaged over the stable window
 * @param panicAverage demand averaged over the panic window
 * @param reason one line on why, for logs and {@code stoker describe}
 */
public record Decision(int desired, boolean panicking, double stableAverage, double panicAverage, String reason) {}
