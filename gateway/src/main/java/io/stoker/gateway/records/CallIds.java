package io.stoker.gateway.records;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Call ids that cost a counter increment and 24 hex digits: a 64-bit sequence that starts at the gateway's start time
 * (epoch milliseconds shifted left by 20 bits, so a restarted gateway's ids sort after the old ones unless it made a
 * million ids per millisecond), then a 32-bit node number drawn once per gateway, so gateways sharing a store never
 * make the same id. Time-ordered on purpose: the store's primary-key index then grows at its end instead of at random
 * places, which halved the embedded store's cost per record (measured, see docs/benchmarks.md); and no
 * {@code SecureRandom} or {@code UUID} per call.
 */
public final class CallIds {

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    /** Ids per millisecond of the start time that a later start still sorts after. */
    static final int SEQUENCE_BITS = 20;

    private final AtomicLong sequence;
    private final int node;

    /**
     * @param startMillis now, in epoch milliseconds (from the injected clock)
     * @param node this gateway's number, drawn at random once
     */
    public CallIds(long startMillis, int node) {
        this.sequence = new AtomicLong(startMillis << SEQUENCE_BITS);
        this.node = node;
    }

    /** A new id: 16 hex digits of the sequence, then 8 of the node. */
    public String next() {
        long n = sequence.getAndIncrement();
        char[] out = new char[24];
        for (int i = 15; i >= 0; i--) {
            out[i] = HEX[(int) (n & 0xf)];
            n >>>= 4;
        }
        int m = node;
        for (int i = 23; i >= 16; i--) {
            out[i] = HEX[m & 0xf];
            m >>>= 4;
        }
        return new String(out);
    }
}
