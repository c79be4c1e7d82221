package io.stoker.runtime.pool;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Work decided under the pool's lock but run after it is released: future completions (they run the caller's
 * continuation), abort callbacks and executor submissions. One failing step does not stop the others.
 */
final class Effects {

    private static final Logger LOG = Logger.getLogger(Effects.class);

    private final List<Runnable> steps = new ArrayList<>(2);

    void add(Runnable step) {
        steps.add(step);
    }

    void run() {
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException e) {
                LOG.warn("pool follow-up step failed", e);
            }
        }
        steps.clear();
    }
}
