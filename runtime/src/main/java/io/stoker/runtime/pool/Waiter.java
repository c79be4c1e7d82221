package io.stoker.runtime.pool;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** A queued call. Fields other than the final ones are guarded by the owning pool's lock. */
final class Waiter {

    final CompletableFuture<Lease> future;
    final Instant deadline;
    Timer.Cancellable deadlineTimer;

    Waiter(CompletableFuture<Lease> future, Instant deadline) {
        this.future = future;
        this.deadline = deadline;
    }

    void cancelDeadlineTimer() {
        if (deadlineTimer != null) {
            deadlineTimer.cancel();
        }
    }
}
