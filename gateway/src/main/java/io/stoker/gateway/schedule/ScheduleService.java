package io.stoker.gateway.schedule;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.stoker.gateway.async.AsyncCalls;
import io.stoker.gateway.config.StokerConfig;
import io.stoker.gateway.records.CallRecords;
import io.stoker.gateway.records.CallStatus;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionChanged;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.spec.AsyncSettings;
import io.stoker.runtime.pool.ScheduledExecutorTimer;
import io.stoker.runtime.pool.Timer;
import io.stoker.runtime.schedule.ScheduleStatus;
import io.stoker.runtime.schedule.TickPorts;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Runs the schedules of every deployed function: a deploy, update or delete changes them at once, and this gateway
 * fires those whose partition of the schedule topic it holds (see {@link ScheduleBoard}). The topic and its clients
 * are made only when a first function has a schedule, so a gateway without schedules never talks to Kafka for them.
 */
@ApplicationScoped
public class ScheduleService {

    private final StokerConfig config;
    private final ScheduleTable table;
    private final ScheduledThreadPoolExecutor executor;
    private final Instance<CallRecords> records;
    private volatile ScheduleBoard board;

    @Inject
    public ScheduleService(StokerConfig config, Clock clock, MeterRegistry registry, Instance<AsyncCalls> async,
                           Instance<CallRecords> records, FunctionRegistry functions) {
        this.config = config;
        this.records = records;
        this.executor = ScheduledExecutorTimer.singleThread(r -> {
            Thread t = new Thread(r, "stoker-schedule-timer");
            t.setDaemon(true);
            return t;
        });
        Timer timer = new ScheduledExecutorTimer(executor);
        TickPorts ports = new TickCalls(() -> one(async), () -> one(records), () -> board, registry, function -> {
            DeployedFunction fn = functions.lookup(function);
            return fn == null ? AsyncSettings.DEFAULTS.maxAge() : fn.spec().async().maxAge();
        }, clock);
        this.table = new ScheduleTable(clock, timer, config.schedules().lateness(), ports, key -> {
            ScheduleBoard b = board;
            return b == null ? -1 : b.partitionOf(key);
        }, key -> board == null ? Optional.empty() : board.last(key));
    }

    synchronized void onChange(@Observes FunctionChanged change) {
        if (!config.kafka().enabled()) {
            return;
        }
        table.want(change.name(), change.spec().map(s -> s.schedules()).orElse(List.of()));
        if (board == null && table.anyWanted()) {
            board = new ScheduleBoard(Map.of("bootstrap.servers", config.kafka().bootstrapServers()),
                    config.schedules().topic(), config.schedules().group(), config.schedules().partitions(), table);
            board.start();
        }
    }

    /** Each schedule of a function with its next tick and last outcome (empty when it has none). */
    public List<ScheduleStatus> status(String function) {
        return table.status(function);
    }

    /** How a call (a tick's) ended, or that it still runs, as far as the record store knows. */
    public Optional<CallStatus> callStatus(String callId) {
        return callId == null ? Optional.empty() : one(records).flatMap(r -> r.find(callId)).map(r -> r.status());
    }

    /** Stops firing, and leaves the group so another gateway takes the schedules over at once. */
    void shutdown(@Observes @Priority(Interceptor.Priority.APPLICATION) ShutdownEvent event) {
        // Runners first (a tick being fired finishes and is remembered), then the board leaves the group.
        table.stopAll();
        ScheduleBoard b;
        synchronized (this) {
            b = board;
            board = null;
        }
        if (b != null) {
            b.close();
        }
        executor.shutdownNow();
    }

    private static <T> Optional<T> one(Instance<T> instance) {
        return instance.isResolvable() ? Optional.of(instance.get()) : Optional.empty();
    }
}
