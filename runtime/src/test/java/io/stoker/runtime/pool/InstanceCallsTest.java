package io.stoker.runtime.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.instance.LaunchedInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lock-free counter of one instance: opening, closing, slots and the per-slot call time. */
class InstanceCallsTest {

    static final int LIMIT = 3;

    final PoolInstance instance = new PoolInstance("i-1", Instant.EPOCH, 0, LIMIT);
    final InstanceCalls calls = instance.calls;

    {
        instance.launched = new LaunchedInstance("hello", "i-1", "c1", "10.0.0.1", 8080, "h", true);
    }

    PoolLease enter(long now) {
        int before = calls.tryEnter();
        assertThat(before).as("room").isNotNegative();
        PoolLease lease = new PoolLease(null, instance);
        calls.begin(lease, before, now);
        return lease;
    }

    @Test
    void aNewInstanceTakesNoCallUntilOpened() {
        assertThat(calls.tryEnter()).isNegative();
        calls.open(0);
        assertThat(calls.tryEnter()).isZero();
        assertThat(calls.inFlight()).isEqualTo(1);
    }

    @Test
    void theCountStopsAtTheLimit() {
        calls.open(0);
        for (int i = 0; i < LIMIT; i++) {
            enter(i);
        }
        assertThat(calls.tryEnter()).isNegative();
        assertThat(calls.inFlight()).isEqualTo(LIMIT);
    }

    @Test
    void pausingClosesOnlyAnIdleInstanceUnusedSinceTheLook() {
        calls.open(10);
        PoolLease lease = enter(20);
        assertThat(calls.closeIfUnusedSince(30)).as("a call in flight").isFalse();
        lease.end();
        calls.end(lease, 40);
        assertThat(calls.closeIfUnusedSince(30)).as("a call ended after the look").isFalse();
        assertThat(calls.tryEnter()).as("and it still serves").isZero();
    }

    @Test
    void aClosedIdleInstanceTakesNoCallAndReopens() {
        calls.open(10);
        assertThat(calls.closeIfUnusedSince(10)).isTrue();
        assertThat(calls.closeIfUnusedSince(10)).as("closed already, nothing in flight").isTrue();
        assertThat(calls.tryEnter()).isNegative();
        calls.open(20);
        assertThat(calls.tryEnter()).isZero();
    }

    @Test
    void aDeathClosesWhateverIsInFlightAndFindsEveryLease() {
        calls.open(0);
        List<PoolLease> out = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            out.add(enter(i));
        }
        out.get(1).end();
        calls.end(out.get(1), 5);

        calls.close();

        assertThat(calls.tryEnter()).isNegative();
        assertThat(calls.inFlight()).isEqualTo(2);
        List<PoolLease> found = new ArrayList<>();
        calls.forEachLease(found::add);
        assertThat(found).containsExactlyInAnyOrder(out.get(0), out.get(2));
        found.forEach(l -> calls.end(l, 9));
        assertThat(calls.quiescent()).isTrue();
    }

    @Test
    void aCountedCallAlwaysFindsTheFreeSlot() {
        calls.open(0);
        PoolLease a = enter(0);
        PoolLease b = enter(0);
        PoolLease x = enter(0);
        calls.end(a, 1);
        PoolLease c = enter(2); // looks from slot 2 on, wraps round to the one a left
        assertThat(c.slot).isEqualTo(a.slot);
        assertThat(List.of(b.slot, x.slot)).doesNotContain(c.slot);
    }

    @Test
    void eachSlotWordHoldsItsCallTime() {
        calls.open(0);
        PoolLease a = enter(100);
        PoolLease b = enter(150);
        calls.end(a, 400); // 300 ns
        BusyTime.Sample sample = new BusyTime.Sample();
        calls.sampleTime(sample);
        assertThat(sample.open).isEqualTo(1);
        assertThat(sample.half + sample.open * 500).as("300 done + 350 of b so far").isEqualTo(650);
        calls.end(b, 1_000);
        sample = new BusyTime.Sample();
        calls.sampleTime(sample);
        assertThat(sample.open).isZero();
        assertThat(sample.half).isEqualTo(300 + 850);
    }

    @Test
    void theLimitMustFitBelowTheClosedBit() {
        assertThatThrownBy(() -> new InstanceCalls(InstanceCalls.CLOSED, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InstanceCalls(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
