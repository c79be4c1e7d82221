package io.stoker.runtime.fleet;

import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.instance.LaunchedInstance;
import io.stoker.runtime.pool.FunctionPool;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * After the engine was away: one list of every Stoker container, compared with every pool. Instances whose container
 * is gone leave their pool (which starts what its sizes need, without the back-off that grew meanwhile); containers
 * that no pool owns, in any state, are removed.
 */
public final class Reconcile {

    private static final Logger LOG = Logger.getLogger(Reconcile.class);

    private Reconcile() {}

    /**
     * @param pools every pool that may own containers (serving, draining and still deploying)
     * @param stop removes one orphan container (off the caller's thread if it likes)
     */
    public static void run(Collection<FunctionPool> pools, InstanceLauncher launcher, Clock clock,
                             java.util.function.Consumer<LaunchedInstance> stop) {
        Instant listedAt = clock.instant(); // before the list: what was ready before this must be on it if alive
        List<LaunchedInstance> found = launcher.findAll();
        List<LaunchedInstance> alive = found.stream().filter(LaunchedInstance::alive).toList();
        for (FunctionPool pool : pools) {
            Set<String> mine = alive.stream().filter(i -> i.function().equals(pool.function()))
                    .map(LaunchedInstance::containerId).collect(Collectors.toSet());
            pool.reconcile(mine, listedAt);
        }
        int orphans = 0;
        for (LaunchedInstance instance : found) {
            boolean owned = pools.stream().anyMatch(p -> p.function().equals(instance.function())
                    && p.owns(instance.instanceId()));
            if (!owned) {
                orphans++;
                stop.accept(instance);
            }
        }
        LOG.infof("reconciled %d pools with the engine: %d containers alive, %d removed that no pool owns",
                pools.size(), alive.size(), orphans);
    }
}
