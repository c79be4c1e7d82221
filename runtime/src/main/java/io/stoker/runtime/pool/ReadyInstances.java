package io.stoker.runtime.pool;

import java.util.Collection;

/**
 * The READY instances as an array the call path reads without the lock, republished under the lock whenever the set
 * changes ({@link #republish}, at the end of every locked section). The array may lag a moment behind a close; that is
 * harmless, because the count of a closed instance is above any limit, so {@link #pick} skips it.
 */
final class ReadyInstances {

    private static final PoolInstance[] NONE = new PoolInstance[0];

    private volatile PoolInstance[] ready = NONE;

    /** Publishes the READY instances of {@code instances}, in their order; allocates only when the set changed. Under lock. */
    void republish(Collection<PoolInstance> instances) {
        PoolInstance[] current = ready;
        int n = 0;
        boolean same = true;
        for (PoolInstance instance : instances) {
            if (instance.state == InstanceState.READY) {
                same &= n < current.length && current[n] == instance;
                n++;
            }
        }
        if (same && n == current.length) {
            return;
        }
        PoolInstance[] next = new PoolInstance[n];
        int i = 0;
        for (PoolInstance instance : instances) {
            if (instance.state == InstanceState.READY) {
                next[i++] = instance;
            }
        }
        ready = next;
    }

    /**
     * The instance that should take the next call, by the rule of {@link Scheduling#pick}: least in flight, then
     * healthy before suspect, then most recently used, then the id; or null when none has room. Each instance's count,
     * mark and last use are read one after the other without a lock, so under concurrent calls the choice is the
     * rule applied to a moment's view, not to one frozen state: close enough for balancing, and never a wrong
     * answer to "has room", which the caller's compare-and-set decides.
     */
    PoolInstance pick(int concurrency) {
        PoolInstance best = null;
        int bestLoad = 0;
        boolean bestSuspect = false;
        long bestUsed = 0;
        for (PoolInstance instance : ready) {
            int load = instance.calls.load();
            if (load >= concurrency) {
                continue; // full, or closed
            }
            boolean suspect = instance.suspect;
            long used = instance.calls.lastUsed();
            if (best == null || load < bestLoad
                    || (load == bestLoad && (suspect != bestSuspect ? !suspect
                            : used != bestUsed ? used - bestUsed > 0 : instance.id.compareTo(best.id) < 0))) {
                best = instance;
                bestLoad = load;
                bestSuspect = suspect;
                bestUsed = used;
            }
        }
        return best;
    }
}
