package io.stoker.runtime.trigger;

import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One record from the moment it is read until it is finished. Touched only on the poll thread. */
final class Flight {

    /** What the record waits for next. */
    enum Step { CALL, REPLY, DEAD_LETTER }

    final ConsumerRecord<byte[], byte[]> record;
    final PartitionWork work;
    /** The ordering key: the key's bytes, or an object of its own for a null key (each null key is its own key). */
    final Object key;
    /** Calls that counted as attempts (a saturated answer or a platform fault does not count). */
    int attempts;
    /** When this runner first called the record: what {@code maxRecordAge} counts from. */
    java.time.Instant firstCalledAt;
    /** Calls lost to platform faults, for their back-off. */
    int platformFaults;
    /** An instance ended by itself while serving this record among others: it is called alone from now on. */
    boolean suspect;
    Step step = Step.CALL;
    /** The last answer (for the reply, or the dead-letter headers). */
    InvokeResult last;

    Flight(ConsumerRecord<byte[], byte[]> record, PartitionWork work) {
        this.record = record;
        this.work = work;
        this.key = record.key() == null ? new Object() : ByteBuffer.wrap(record.key());
    }

    @Override
    public String toString() {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
