package io.stoker.runtime.pool;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The calls waiting for an instance, first in first out. Changed only under the pool's lock; its {@link #size} is
 * volatile so the lock-free call path can tell whether anyone waits: an acquire that sees waiters queues behind them
 * (no overtaking), and a release that sees waiters takes the lock to hand them its room (no lost wake-up: the enqueuer
 * publishes the size before it looks for room again, the releaser frees room before it reads the size, so one of the
 * two sees the other).
 */
final class WaitQueue implements Iterable<Waiter> {

    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private volatile int size;

    /** Waiters in the queue, withdrawn ones not yet removed included; readable without the lock. */
    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void addLast(Waiter waiter) {
        waiters.addLast(waiter);
        size = waiters.size();
    }

    Waiter peekFirst() {
        return waiters.peekFirst();
    }

    Waiter pollFirst() {
        Waiter first = waiters.pollFirst();
        size = waiters.size();
        return first;
    }

    boolean remove(Waiter waiter) {
        boolean removed = waiters.remove(waiter);
        size = waiters.size();
        return removed;
    }

    /** Drops the waiters whose call completed or was withdrawn. */
    void removeDone() {
        waiters.removeIf(w -> w.future.isDone());
        size = waiters.size();
    }

    void clear() {
        waiters.clear();
        size = 0;
    }

    /** Waiters whose call is still open. */
    int waiting() {
        return (int) waiters.stream().filter(w -> !w.future.isDone()).count();
    }

    @Override
    public Iterator<Waiter> iterator() {
        return waiters.iterator();
    }
}
