package io.stoker.benchmarks.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * benchmarks/chaos.sh's Kafka side, one JVM per job (the console tools cannot say which record the broker took):
 * <pre>
 * ChaosKafka produce BOOTSTRAP TOPIC RATE KEYS SECONDS PREFIX ACKED_CSV STATUS_FILE
 *     RATE records/s over KEYS keys for SECONDS (or until SIGTERM); value = id = PREFIX-SEQ, key k-(SEQ % KEYS).
 *     Idempotent, acks=all: a broker restart neither loses nor doubles an acknowledged record. Every acknowledged
 *     record is a line "id,key,seq,sent_ms" of ACKED_CSV; STATUS_FILE is rewritten each second: "sent acked failed".
 * ChaosKafka count BOOTSTRAP ACKED_CSV REPLY_TOPIC DLT_TOPIC FAULTS_CSV SETTLE_SECONDS LOOKAHEAD_MS
 *     reads both topics from the start (no consumer group) until every acknowledged record has a reply or a dead
 *     letter and both topics are read to their end, or SETTLE_SECONDS passed; then prints {@link ChaosLedger}'s
 *     key=value lines. FAULTS_CSV: lines "at_ms,kind" (a header line is skipped).
 * </pre>
 */
public final class ChaosKafka {

    private ChaosKafka() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 9 && args[0].equals("produce")) {
            produce(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]), Long.parseLong(args[5]),
                    args[6], Path.of(args[7]), Path.of(args[8]));
        } else if (args.length == 8 && args[0].equals("count")) {
            count(args[1], Path.of(args[2]), args[3], args[4], Path.of(args[5]), Long.parseLong(args[6]),
                    Long.parseLong(args[7]), System.out);
        } else {
            System.err.println("usage: ChaosKafka produce BOOTSTRAP TOPIC RATE KEYS SECONDS PREFIX ACKED_CSV STATUS_FILE\n"
                    + "       ChaosKafka count BOOTSTRAP ACKED_CSV REPLY_TOPIC DLT_TOPIC FAULTS_CSV SETTLE_SECONDS LOOKAHEAD_MS");
            System.exit(2);
        }
    }

    // ---- produce -----------------------------------------------------------------------------

    static void produce(String bootstrap, String topic, int rate, int keys, long seconds, String prefix, Path ackedCsv,
                        Path statusFile) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() must not stall the pace for long while the broker restarts: records queue in the buffer instead,
        // and each one has two minutes to be acknowledged (a broker restart here takes 10-20 s)
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        AtomicLong sent = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        // SIGTERM (the script's cleanup): stop sending, then wait for what is in flight like the normal end does
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.countDown();
            try {
                done.await(150, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try (BufferedWriter out = Files.newBufferedWriter(ackedCsv, StandardCharsets.UTF_8);
             KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            awaitMetadata(producer, topic);
            long start = System.nanoTime();
            long end = start + TimeUnit.SECONDS.toNanos(seconds);
            long nextStatus = 0;
            for (long i = 0; System.nanoTime() < end && stop.getCount() > 0; i++) {
                String key = "k-" + (i % keys);
                String id = prefix + "-" + i;
                long sentMs = System.currentTimeMillis();
                long seq = i;
                try {
                    producer.send(new ProducerRecord<>(topic, key, id), (meta, error) -> {
                        if (error == null) {
                            acked.incrementAndGet();
                            synchronized (out) {
                                try {
                                    out.write(id + "," + key + "," + seq + "," + sentMs + "\n");
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            }
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, id + ": " + error);
                        }
                    });
                    sent.incrementAndGet();
                } catch (org.apache.kafka.common.KafkaException e) {
                    // the buffer is full or the metadata is missing (broker away): this record was not sent at all
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, id + ": " + e);
                }
                if (System.nanoTime() > nextStatus) {
                    status(statusFile, sent.get(), acked.get(), failed.get());
                    synchronized (out) {
                        out.flush();
                    }
                    nextStatus = System.nanoTime() + 1_000_000_000L;
                }
                long wait = start + (i + 1) * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    stop.await(wait, TimeUnit.NANOSECONDS);
                }
            }
            producer.flush();
        } finally {
            status(statusFile, sent.get(), acked.get(), failed.get());
            if (firstError.get() != null) {
                System.err.println("chaos-kafka: " + failed.get() + " records not acknowledged, the first: " + firstError.get());
            }
            done.countDown();
        }
    }

    /**
     * The topic's metadata before the first send: with a one-second max.block.ms, a first metadata fetch on a loaded
     * machine would otherwise fail the first records ("not present in metadata after 1000 ms").
     */
    private static void awaitMetadata(KafkaProducer<String, String> producer, String topic) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                producer.partitionsFor(topic);
                return;
            } catch (org.apache.kafka.common.KafkaException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static void status(Path file, long sent, long acked, long failed) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, sent + " " + acked + " " + failed + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    // ---- count -------------------------------------------------------------------------------

    static void count(String bootstrap, Path ackedCsv, String replyTopic, String dltTopic, Path faultsCsv,
                      long settleSeconds, long lookaheadMs, PrintStream out) throws Exception {
        List<ChaosLedger.Produced> produced = new ArrayList<>();
        for (String line : Files.readAllLines(ackedCsv, StandardCharsets.UTF_8)) {
            String[] f = line.split(",");
            if (f.length == 4) {
                produced.add(new ChaosLedger.Produced(f[0], f[1], Long.parseLong(f[2]), Long.parseLong(f[3])));
            }
        }
        List<ChaosLedger.Fault> faults = new ArrayList<>();
        if (Files.exists(faultsCsv)) {
            for (String line : Files.readAllLines(faultsCsv, StandardCharsets.UTF_8)) {
                String[] f = line.split(",");
                if (f.length >= 2 && f[0].matches("[0-9]+")) {
                    faults.add(new ChaosLedger.Fault(Long.parseLong(f[0]), f[1]));
                }
            }
        }
        List<ChaosLedger.ReadBack> replies = new ArrayList<>();
        List<ChaosLedger.ReadBack> dead = new ArrayList<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            Map<String, List<ChaosLedger.ReadBack>> into = new HashMap<>();
            into.put(replyTopic, replies);
            into.put(dltTopic, dead);
            for (String topic : List.of(replyTopic, dltTopic)) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(settleSeconds);
            long nextNote = System.nanoTime() + 10_000_000_000L;
            while (true) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    into.get(r.topic()).add(new ChaosLedger.ReadBack(r.value(), r.timestamp()));
                }
                boolean atEnd = atEnd(consumer, partitions);
                ChaosLedger now = new ChaosLedger(produced, replies, dead, faults, lookaheadMs);
                if (atEnd && now.missing == 0) {
                    break;
                }
                if (System.nanoTime() > until) {
                    System.err.println("chaos-kafka: " + now.missing + " records still without a reply or dead letter after "
                            + settleSeconds + " s");
                    break;
                }
                if (System.nanoTime() > nextNote) {
                    System.err.println("chaos-kafka: waiting for " + now.missing + " replies or dead letters ("
                            + replies.size() + " replies read)");
                    nextNote = System.nanoTime() + 10_000_000_000L;
                }
            }
        }
        new ChaosLedger(produced, replies, dead, faults, lookaheadMs).lines().forEach(out::println);
    }

    private static boolean atEnd(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(10));
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp, Duration.ofSeconds(10)) < ends.getOrDefault(tp, 0L)) {
                return false;
            }
        }
        return true;
    }
}
