package io.stoker.gateway.control;

import java.util.Collection;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One pass of the control loop, at one {@link Tick}: refresh the Kafka lag; then per function observe its pool and
 * autoscale it (setDesired), then reap it (pause, stop, top up to min and standby, in the light of the new desired
 * count); then publish the trigger status changes. Each step is guarded on its own, so one failing function, or a
 * failing Kafka step, stops nothing else; failures are logged, and the next tick tries again.
 *
 * <p>The decisions stay in the pure {@code Autoscaler} and {@code ScalePlanning}; this class only sequences them,
 * so a test drives it with fakes and virtual ticks. Not thread-safe: one control thread calls {@link #tick}.
 *
 * <p>One gap in "one time per pass": {@code FunctionPool.reap()} still reads the pool's own clock (the same clock
 * bean, so the same wall time to within the pass's duration); giving it the tick's instant is the pool's to add.
 */
public final class ControlPass {

    private static final Logger LOG = Logger.getLogger(ControlPass.class);

    private final Supplier<? extends Collection<? extends ControlledFunction>> functions;
    private final TriggerUpkeep triggers;
    private final Autoscaling autoscaling;

    /**
     * @param functions the functions being served, read once per pass
     * @param triggers the Kafka side
     * @param autoscaling the autoscaler of each function
     */
    public ControlPass(Supplier<? extends Collection<? extends ControlledFunction>> functions, TriggerUpkeep triggers,
                       Autoscaling autoscaling) {
        this.functions = Objects.requireNonNull(functions, "functions");
        this.triggers = Objects.requireNonNull(triggers, "triggers");
        this.autoscaling = Objects.requireNonNull(autoscaling, "autoscaling");
    }

    public void tick(Tick now) {
        guard("refreshing the Kafka lag failed", null, triggers::refreshLag);
        Set<String> seen = new HashSet<>();
        Collection<? extends ControlledFunction> all;
        try {
            all = functions.get();
        } catch (RuntimeException e) {
            LOG.warnf(e, "listing the functions failed");
            all = null;
        }
        if (all != null) {
            for (ControlledFunction fn : all) {
                seen.add(fn.name());
                guard("autoscaling %s failed", fn.name(), () -> autoscaling.scale(fn, now, triggers.lag(fn.name())));
                guard("reaping %s failed", fn.name(), fn::reap);
            }
            autoscaling.retainOnly(seen);
        }
        guard("publishing trigger status events failed", null, () -> triggers.publishChanges(now.at()));
    }

    private static void guard(String what, String function, Runnable step) {
        try {
            step.run();
        } catch (RuntimeException e) {
            LOG.warnf(e, what, function);
        }
    }
}
