package io.stoker.gateway.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.stoker.runtime.trigger.KafkaTriggerRunner;
import io.stoker.runtime.trigger.TriggerStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * One Kafka trigger's meters, read from its runner when scraped:
 * {@code stoker_trigger_records_total{function,group,topics,result}}, {@code stoker_trigger_inflight} and
 * {@code stoker_trigger_lag{function,group,topic,partition}} (refreshed by {@link #refreshLag()}). The group tells
 * apart two triggers of one function on the same topic (they cannot share a group).
 */
public final class TriggerMeters {

    private final MeterRegistry registry;
    private final String function;
    private final String group;
    private final KafkaTriggerRunner runner;
    private final List<Meter> meters = new ArrayList<>();
    private final MultiGauge lag;

    public TriggerMeters(MeterRegistry registry, String function, KafkaTriggerRunner runner) {
        this.registry = registry;
        this.function = function;
        this.runner = runner;
        this.group = runner.status().group();
        String topics = String.join(",", runner.status().topics());
        counter(topics, "received", TriggerStatus::received);
        counter(topics, "succeeded", TriggerStatus::succeeded);
        counter(topics, "retried", TriggerStatus::retried);
        counter(topics, "platform_retried", TriggerStatus::platformRetried);
        counter(topics, "dead_lettered", TriggerStatus::deadLettered);
        counter(topics, "dropped", TriggerStatus::dropped);
        meters.add(Gauge.builder("stoker.trigger.inflight", runner, r -> r.status().inFlight())
                .description("Records of a trigger started and not finished")
                .tags("function", function, "group", group, "topics", topics).register(registry));
        lag = MultiGauge.builder("stoker.trigger.lag").description("Records behind, per partition")
                .register(registry);
    }

    /** Re-reads the per-partition lag (partitions come and go with rebalances). */
    public void refreshLag() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (var p : runner.status().lag()) {
            rows.add(MultiGauge.Row.of(Tags.of("function", function, "group", group, "topic", p.topic(),
                    "partition", Integer.toString(p.partition())), p.lag()));
        }
        lag.register(rows, true);
    }

    public void remove() {
        meters.forEach(registry::remove);
        lag.register(List.of(), true);
    }

    private void counter(String topics, String result, ToDoubleFunction<TriggerStatus> value) {
        meters.add(FunctionCounter.builder("stoker.trigger.records", runner, r -> value.applyAsDouble(r.status()))
                .description("Records of a Kafka trigger, by what became of them")
                .tags("function", function, "group", group, "topics", topics, "result", result).register(registry));
    }
}
