package io.stoker.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class DeadlineSweepTest {

    /** Virtual time and the timers armed on it. */
    private static final class ManualTimers implements DeadlineSweep.Timers {
        long now;
        long nextId;
        final TreeMap<Long, Runnable> armed = new TreeMap<>(); // id → task
        final TreeMap<Long, Long> dueAt = new TreeMap<>(); // id → time
        int armedCount;

        @Override
        public long set(long delayMs, Runnable fired) {
            long id = nextId++;
            armed.put(id, fired);
            dueAt.put(id, now + delayMs);
            armedCount++;
            return id;
        }

        @Override
        public void cancel(long id) {
            armed.remove(id);
            dueAt.remove(id);
        }

        void advanceTo(long t) {
            while (true) {
                Long id = dueAt.entrySet().stream().filter(e -> e.getValue() <= t)
                        .min(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(null);
                if (id == null) {
                    break;
                }
                now = Math.max(now, dueAt.remove(id));
                armed.remove(id).run();
            }
            now = t;
        }
    }

    private final ManualTimers timers = new ManualTimers();
    private final DeadlineSweep sweep = new DeadlineSweep(timers, () -> timers.now);
    private final List<String> expired = new ArrayList<>();

    private final class Call extends DeadlineSweep.Entry {
        final String name;

        Call(String name) {
            this.name = name;
        }

        @Override
        void deadlinePassed() {
            expired.add(name + "@" + timers.now);
        }
    }

    @Test
    void callsLeaveAtTheirDeadlinesInOrderWithOneTimerArmedAtATime() {
        Call a = new Call("a");
        Call b = new Call("b");
        Call c = new Call("c");
        sweep.add(a, 1000, 1000);
        timers.now = 10;
        sweep.add(b, 1000, 1010);
        timers.now = 20;
        sweep.add(c, 1000, 1020);
        assertThat(timers.armed).hasSize(1);
        timers.advanceTo(1015);
        assertThat(expired).containsExactly("a@1000", "b@1010");
        timers.advanceTo(2000);
        assertThat(expired).containsExactly("a@1000", "b@1010", "c@1020");
        assertThat(sweep.size()).isZero();
        assertThat(timers.armed).isEmpty();
    }

    @Test
    void aCallThatEndsLeavesAtOnceAndIsNeverTimedOut() {
        Call a = new Call("a");
        Call b = new Call("b");
        sweep.add(a, 500, 500);
        sweep.add(b, 500, 500);
        sweep.remove(a);
        sweep.remove(a); // twice changes nothing
        assertThat(a.swept()).isFalse();
        timers.advanceTo(600);
        assertThat(expired).containsExactly("b@500");
    }

    @Test
    void manyShortCallsArmTheTimerOnceNotOncePerCall() {
        for (int i = 0; i < 10_000; i++) {
            timers.now = i / 10; // ten calls a millisecond, each ending before its deadline
            Call call = new Call("c" + i);
            sweep.add(call, 30_000, timers.now + 30_000);
            sweep.remove(call);
        }
        assertThat(timers.armedCount).isEqualTo(1);
        timers.advanceTo(40_000);
        assertThat(expired).isEmpty();
        assertThat(timers.armed).isEmpty(); // it fired with nothing due and was not armed again
    }

    @Test
    void shorterTimeoutsGetTheirOwnLaneAndAnEarlierTimer() {
        Call slow = new Call("slow");
        Call fast = new Call("fast");
        sweep.add(slow, 10_000, 10_000);
        sweep.add(fast, 100, 100);
        timers.advanceTo(100);
        assertThat(expired).containsExactly("fast@100");
        timers.advanceTo(10_000);
        assertThat(expired).containsExactly("fast@100", "slow@10000");
    }

    @Test
    void aCallAddedAgainWithAnEarlierDeadlineKeepsDeadlineOrder() {
        Call first = new Call("first");
        Call late = new Call("late");
        Call rerouted = new Call("rerouted");
        sweep.add(first, 1000, 1000);
        sweep.add(late, 1000, 1500);
        sweep.add(rerouted, 1000, 1200); // it waited for another instance and kept its deadline
        timers.advanceTo(1300);
        assertThat(expired).containsExactly("first@1000", "rerouted@1200");
    }
}
