package io.stoker.gateway.control;

import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.autoscale.AutoscalerSettings;
import io.stoker.runtime.pool.PoolSnapshot;

/** One function as the control pass sees it: what it reads of its pool, and the two things it does to it. */
public interface ControlledFunction {

    String name();

    /** The version its pool runs: a new one (a deploy makes a new pool) starts a new autoscaler and meter. */
    String specHash();

    AutoscalerSettings autoscalerSettings();

    /** The pool's busy time ({@code FunctionPool.busyNanos()}): monotonic, on {@link Tick#nanos()}'s time source. */
    long busyNanos();

    PoolSnapshot snapshot();

    void setDesired(int desired);

    /** Pauses, stops and tops up the pool ({@code FunctionPool.reap()}). */
    void reap();

    /** A deployed function and its pool. */
    static ControlledFunction of(DeployedFunction fn) {
        return new ControlledFunction() {
            @Override
            public String name() {
                return fn.name();
            }

            @Override
            public String specHash() {
                return fn.specHash();
            }

            @Override
            public AutoscalerSettings autoscalerSettings() {
                return AutoscalerSettings.fromSpec(fn.spec());
            }

            @Override
            public long busyNanos() {
                return fn.pool().busyNanos();
            }

            @Override
            public PoolSnapshot snapshot() {
                return fn.pool().snapshot();
            }

            @Override
            public void setDesired(int desired) {
                fn.pool().setDesired(desired);
            }

            @Override
            public void reap() {
                fn.pool().reap();
            }
        };
    }
}
