package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.gateway.images.ImageService;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.instance.InstanceLauncher;
import io.stoker.runtime.pool.InstanceSnapshot;
import io.stoker.runtime.pool.PoolSnapshot;
import io.stoker.runtime.spec.SpecWriter;
import io.stoker.gateway.kafka.TriggerManager;
import io.stoker.gateway.control.Autoscaling;
import io.stoker.gateway.schedule.ScheduleService;
import io.stoker.runtime.schedule.ScheduleStatus;
import io.stoker.runtime.autoscale.Decision;
import io.stoker.runtime.trigger.TriggerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * The JSON a client sees of one function: spec, image, URL, instances and their states, its
 * triggers, its schedules, and the autoscaler's last decision.
 */
@ApplicationScoped
public class FunctionView {

    private final ObjectMapper json;

    private final TriggerManager triggers;
    private final Autoscaling autoscaler;
    private final ScheduleService schedules;

    /** Quarkus' mapper: it writes times (a trigger's lastErrorAt, the autoscaler's) as ISO-8601 text. */
    private final ImageService images;

    private final InstanceLauncher launcher;

    public FunctionView(TriggerManager triggers, Autoscaling autoscaler, ObjectMapper json, ImageService images,
                        InstanceLauncher launcher, ScheduleService schedules) {
        this.launcher = launcher;
        this.images = images;
        this.schedules = schedules;
        this.json = json;
        this.triggers = triggers;
        this.autoscaler = autoscaler;
    }

    /** A schedule: its definition, its next tick, and what became of its last one (and of that tick's call). */
    private ObjectNode schedule(ScheduleStatus s) {
        ObjectNode n = json.createObjectNode();
        n.put("id", s.schedule().id());
        n.put("cron", s.schedule().cron());
        n.put("timezone", s.schedule().timezone().getId());
        n.put("path", s.schedule().path());
        n.put("overlap", s.schedule().overlap().name().toLowerCase(java.util.Locale.ROOT));
        n.put("missed", s.schedule().missed().name().toLowerCase(java.util.Locale.ROOT));
        n.put("firedHere", s.firedHere());
        n.put("next", s.next() == null ? null : s.next().toString());
        ObjectNode last = n.putObject("last");
        last.put("scheduled", s.lastScheduled() == null ? null : s.lastScheduled().toString());
        last.put("outcome", s.lastOutcome() == null ? null : s.lastOutcome().tag());
        last.put("callId", s.lastCallId());
        last.put("callStatus", schedules.callStatus(s.lastCallId()).map(c -> c.tag()).orElse(null));
        return n;
    }

    public ObjectNode of(DeployedFunction fn, URI base) {
        ObjectNode node = json.createObjectNode();
        node.put("name", fn.name());
        node.set("spec", SpecWriter.toJson(fn.spec()));
        // The async settings in effect, defaults included (the spec writes them only when set, for its hash).
        var async = fn.spec().async();
        node.putObject("async").put("attempts", async.attempts())
                .put("backoff", io.stoker.runtime.spec.Quantities.formatDuration(async.backoff()))
                .put("maxBackoff", io.stoker.runtime.spec.Quantities.formatDuration(async.maxBackoff()))
                .put("maxAge", io.stoker.runtime.spec.Quantities.formatDuration(async.maxAge()));
        node.put("image", fn.spec().image());
        // What the image is in registries: by its reference's digest, else as the engine knows it (after a push).
        node.put("digest", images.digestOf(fn.spec().image()));
        ArrayNode repoDigests = node.putArray("repoDigests");
        images.repoDigestsOf(fn.spec().image()).forEach(repoDigests::add);
        node.put("url", base.resolve("/function/" + fn.name()).toString());
        node.put("createdAt", fn.createdAt().toString());
        node.put("updatedAt", fn.updatedAt().toString());
        PoolSnapshot snapshot = fn.pool().snapshot();
        ArrayNode instances = node.putArray("instances");
        for (InstanceSnapshot i : snapshot.instances()) {
            ObjectNode in = instances.addObject();
            in.put("id", i.id());
            in.put("containerId", i.containerId() == null ? "" : i.containerId());
            in.put("state", i.state().name());
            in.put("inFlight", i.inFlight());
            in.put("address", i.host() == null ? "" : i.host() + ":" + i.port());
            in.put("startedAt", i.startedAt() == null ? "" : i.startedAt().toString());
            in.put("lastUsed", i.lastUsed() == null ? "" : i.lastUsed().toString());
            in.put("standby", i.standby());
        }
        // Said, not faked: an engine without pause (Kubernetes) keeps scale.standby instances as ready ones.
        node.put("standbyKeptAs", launcher.canPause() ? "paused" : "ready");
        node.put("queued", snapshot.queued());
        node.put("inFlight", snapshot.inFlight());
        node.put("desired", snapshot.desired());
        Decision decision = autoscaler.lastDecision(fn.name());
        if (decision != null) {
            node.set("autoscaler", json.valueToTree(decision));
        }
        ArrayNode triggerNodes = node.putArray("triggers");
        for (TriggerStatus t : triggers.status(fn.name())) {
            ObjectNode tn = json.valueToTree(t);
            tn.put("totalLag", t.totalLag());
            triggerNodes.add(tn);
        }
        ArrayNode scheduleNodes = node.putArray("schedules");
        for (ScheduleStatus s : schedules.status(fn.name())) {
            scheduleNodes.add(schedule(s));
        }
        return node;
    }
}
