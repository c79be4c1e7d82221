package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.runtime.pool.InstanceSnapshot;
import io.stoker.runtime.pool.PoolSnapshot;
import io.stoker.runtime.spec.SpecWriter;
import java.net.URI;

/** The JSON a client sees of one function: spec, image, URL, instances and their states. */
public final class FunctionView {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FunctionView() {}

    public static ObjectNode of(DeployedFunction fn, URI base) {
        ObjectNode node = JSON.createObjectNode();
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
        }
        node.put("queued", snapshot.queued());
        return node;
    }
}
