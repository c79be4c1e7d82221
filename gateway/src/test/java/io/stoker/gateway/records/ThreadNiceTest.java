package io.stoker.gateway.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The writer's lower priority, on this machine's real kernel: one thread's nice value changes, no other's. */
class ThreadNiceTest {

    @Test
    void aThreadLowersItsOwnNiceValueAndNoOtherThreads() throws Exception {
        assumeTrue(Files.isSymbolicLink(Path.of("/proc/thread-self")), "Linux only");
        int mine = ThreadNice.ofThisThread();
        AtomicBoolean lowered = new AtomicBoolean();
        AtomicInteger after = new AtomicInteger(-1);
        AtomicInteger child = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            lowered.set(ThreadNice.lower(19));
            after.set(ThreadNice.ofThisThread());
            Thread started = new Thread(() -> child.set(ThreadNice.ofThisThread()));
            started.start();
            try {
                started.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        t.start();
        t.join();
        assertThat(lowered).isTrue();
        assertThat(after.get()).isEqualTo(19);
        assertThat(child.get()).as("a thread it starts inherits it").isEqualTo(19);
        assertThat(ThreadNice.ofThisThread()).as("the test's own thread").isEqualTo(mine);
    }

    @Test
    void zeroLeavesTheThreadAloneAndAValueOutOfRangeIsRefused() {
        assertThat(ThreadNice.lower(0)).isFalse();
        assertThatThrownBy(() -> ThreadNice.lower(20)).hasMessageContaining("0 to 19, not 20");
        assertThatThrownBy(() -> ThreadNice.lower(-1)).hasMessageContaining("not -1");
    }
}
