package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.pool.InstanceSnapshot;
import io.stoker.runtime.pool.PoolSnapshot;
import io.stoker.runtime.spec.SpecWriter;
import io.stoker.gateway.kafka.TriggerManager;
import io.stoker.gateway.scale.AutoscalerLoop;
import io.stoker.runtime.autoscale.Decision;
import io.stoker.runtime.trigger.TriggerStatus;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;

/**
 * The JSON a client sees of one function: spec, image, URL, instances and their states, its
 * triggers, and the autoscaler's last decision.
 */
@ApplicationScoped
public class FunctionView {

    private final ObjectMapper json;

    private final TriggerManager triggers;
    private final AutoscalerLoop autoscaler;

    /** Quarkus' mapper: it writes times (a trigger's lastErrorAt, the autoscaler's) as ISO-8601 text. */
    public FunctionView(TriggerManager triggers, AutoscalerLoop autoscaler, ObjectMapper json) {
        this.json = json;
        this.triggers = triggers;
        this.autoscaler = autoscaler;
    }

    public ObjectNode of(DeployedFunction fn, URI base) {
        ObjectNode node = json.createObjectNode();
        node.put("name", fn.name());
        node.set("spec", SpecWriter.toJson(fn.spec()));
        node.put("image", fn.spec().image());
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
        return node;
    }
}
