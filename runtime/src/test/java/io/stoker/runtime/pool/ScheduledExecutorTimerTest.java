package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Cancelled timers leave the executor's queue at once instead of waiting there until they are due. */
class ScheduledExecutorTimerTest {

    @Test
    void cancelledTasksLeaveTheQueueAtOnce() {
        ScheduledThreadPoolExecutor executor = ScheduledExecutorTimer.singleThread(Executors.defaultThreadFactory());
        try {
            Timer timer = new ScheduledExecutorTimer(executor);
            for (int i = 0; i < 1_000; i++) {
                timer.schedule(() -> { }, Duration.ofMinutes(10)).cancel();
            }
            assertThat(executor.getQueue()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aPoolExecutorGivenByTheCallerIsSetToRemoveOnCancelToo() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
        try {
            Timer timer = new ScheduledExecutorTimer(executor);
            timer.schedule(() -> { }, Duration.ofMinutes(10)).cancel();
            assertThat(executor.getQueue()).isEmpty();
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aTaskThatIsNotCancelledRuns() throws InterruptedException {
        ScheduledThreadPoolExecutor executor = ScheduledExecutorTimer.singleThread(Executors.defaultThreadFactory());
        try {
            CountDownLatch ran = new CountDownLatch(1);
            new ScheduledExecutorTimer(executor).schedule(ran::countDown, Duration.ofMillis(10));
            assertThat(ran.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            executor.shutdownNow();
        }
    }
}
