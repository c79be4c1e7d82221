package io.stoker.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.FunctionSpec;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Per-address gates on virtual time: each address has its own burst, and the cache stays bounded. */
class ClientGatesTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void eachAddressHasItsOwnBurstAndIsToldHowLongToWait() {
        ClientGates gates = new ClientGates(FunctionSpec.RateLimit.parse("k", "10/s").withBurst(2), 100, now::get);
        assertThat(gates.tryPass("10.0.0.1")).isZero();
        assertThat(gates.tryPass("10.0.0.1")).isZero();
        long wait = gates.tryPass("10.0.0.1");
        assertThat(wait).isPositive().isLessThanOrEqualTo(100_000_000L);
        assertThat(gates.tryPass("10.0.0.2")).as("another address is not held back").isZero();

        now.addAndGet(wait);
        assertThat(gates.tryPass("10.0.0.1")).as("once the wait is over").isZero();
    }

    @Test
    void aFloodOfAddressesKeepsAtMostTheBoundAndIdleGatesAreForgotten() {
        ClientGates gates = new ClientGates(FunctionSpec.RateLimit.parse("k", "5/s"), 50, now::get);
        for (int i = 0; i < 5_000; i++) {
            gates.tryPass("10.1." + (i / 256) + "." + (i % 256));
        }
        assertThat(gates.tracked()).isLessThanOrEqualTo(50);

        now.addAndGet(2_000_000_000L); // longer than the burst takes to refill (1 s)
        assertThat(gates.tracked()).isZero();
    }
}
