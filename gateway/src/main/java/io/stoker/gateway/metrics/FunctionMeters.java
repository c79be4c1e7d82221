package io.stoker.gateway.metrics;

/**
 * A deployed function's invocation meters, one set per trigger, resolved on a version's first call of that trigger
 * and then held here, so a call only increments (no map lookup, no key built).
 */
public final class FunctionMeters {

    /** Written without a lock: two first calls racing resolve the same meters (their fields are final). */
    private final InvocationMeters[] byTrigger = new InvocationMeters[Trigger.values().length];

    public InvocationMeters get(Trigger trigger, StokerMetrics metrics, String function) {
        InvocationMeters meters = byTrigger[trigger.ordinal()];
        if (meters == null) {
            meters = metrics.invocations(function, trigger.tag());
            byTrigger[trigger.ordinal()] = meters;
        }
        return meters;
    }
}
