package io.stoker.runtime.trigger;

import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Hands what happened on other threads (call answers, producer acks, retry timers) to the poll thread, which
 * alone touches the consumer and the runner's state. Posting wakes the poll thread when it is blocked in poll.
 */
final class Inbox {

    /** Something the poll thread must act on. */
    sealed interface Event permits Answered, Written, Due {
        Flight flight();
    }

    /** A call came back. */
    record Answered(Flight flight, InvokeResult result) implements Event {}

    /** A write to the reply or dead-letter topic was acknowledged ({@code error} null) or failed. */
    record Written(Flight flight, Exception error) implements Event {}

    /** A wait is over: do the flight's next step. */
    record Due(Flight flight) implements Event {}

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean polling = new AtomicBoolean();
    private final Runnable wakeUp;

    Inbox(Runnable wakeUp) {
        this.wakeUp = wakeUp;
    }

    void post(Event event) {
        queue.add(event);
        if (polling.compareAndSet(true, false)) {
            wakeUp.run();
        }
    }

    Event next() {
        return queue.poll();
    }

    Event next(Duration wait) throws InterruptedException {
        return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** The poll thread is about to block in poll: a post from now on wakes it. */
    void polling(boolean blocked) {
        polling.set(blocked);
    }
}
