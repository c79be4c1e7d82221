package io.stoker.gateway.async;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.stoker.gateway.config.StokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.jboss.logging.Logger;

/**
 * Creates the async topic (with {@code stoker.async.partitions}, so several gateways can share it) and its dead-letter
 * topic before the first call is written: a topic made by its first write would get the broker's default of one
 * partition, and a broker before Kafka 4.5 may drop the first records written that way (KAFKA-15591). Tried at start
 * and again by each call until it succeeds, so a broker that comes later is picked up.
 */
@ApplicationScoped
public class AsyncTopics {

    private static final Logger LOG = Logger.getLogger(AsyncTopics.class);

    private final StokerConfig config;
    private Admin admin;
    private CompletableFuture<Void> created;

    public AsyncTopics(StokerConfig config) {
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        if (config.async().enabled()) {
            ensure();
        }
    }

    /** Completes once both topics exist; a failed try is forgotten, so the next call tries again. */
    synchronized CompletionStage<Void> ensure() {
        if (created != null && (!created.isDone() || !created.isCompletedExceptionally())) {
            return created;
        }
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers(),
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 8_000));
        }
        int partitions = config.async().partitions();
        List<NewTopic> topics = List.of(new NewTopic(config.async().topic(), Optional.of(partitions), Optional.empty()),
                new NewTopic(config.async().deadLetterTopic(), Optional.of(partitions), Optional.empty()));
        CompletableFuture<Void> next = new CompletableFuture<>();
        created = next;
        admin.createTopics(topics).values().values().stream()
                .map(f -> f.toCompletionStage().toCompletableFuture()
                        .exceptionally(e -> {
                            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            if (cause instanceof TopicExistsException) {
                                return null;
                            }
                            throw new CompletionException(cause);
                        }))
                .reduce((a, b) -> a.thenCombine(b, (x, y) -> null))
                .orElseThrow()
                .whenComplete((v, e) -> {
                    if (e == null) {
                        LOG.infof("async topics %s and %s are there", config.async().topic(),
                                config.async().deadLetterTopic());
                        next.complete(null);
                    } else {
                        LOG.debugf("async topics not created yet: %s", e);
                        next.completeExceptionally(e);
                    }
                });
        return next;
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(2));
        }
    }
}
