package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.stoker.runtime.engine.RegistryException;
import io.stoker.runtime.spec.SpecException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The NDJSON event streams of deploys and pushes: one JSON object per line, flushed as it happens. */
final class NdJson {

    static final String TYPE = "application/x-ndjson";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OutputStream out;

    NdJson(OutputStream out) {
        this.out = out;
    }

    static ObjectNode node() {
        return JSON.createObjectNode();
    }

    void event(String event, String key, String value) {
        line(JSON.createObjectNode().put("event", event).put(key, value));
    }

    /**
     * The stream's last event when it failed: the code the plain answer would have had, else {@code otherwise}
     * ({@code deploy_failed}, {@code push_failed}).
     */
    void error(RuntimeException e, String otherwise) {
        ObjectNode error = JSON.createObjectNode().put("event", "error").put("error", code(e, otherwise))
                .put("message", String.valueOf(e.getMessage()));
        if (e instanceof RegistryException r) {
            error.put("image", r.reference());
        }
        line(error);
    }

    void line(ObjectNode node) {
        try {
            out.write((node.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
    }

    static String code(RuntimeException e, String otherwise) {
        if (e instanceof SpecException) {
            return "invalid_spec";
        }
        if (e instanceof RegistryException r) {
            return ErrorMappers.registryCode(r.reason());
        }
        if (e instanceof io.stoker.gateway.registry.StoreConflict) {
            return "function_conflict";
        }
        return otherwise;
    }
}
