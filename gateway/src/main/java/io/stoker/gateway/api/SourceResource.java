package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.build.FunctionBuilder;
import io.stoker.gateway.build.PreparedSource;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * Deploy from source: the body is a tar.gz of the function folder. Bad uploads are refused with a
 * 4xx before anything starts; then the build and the start stream back as NDJSON events.
 */
@Path("/v1/functions/{name}/source")
public class SourceResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionBuilder builder;
    private final FunctionRegistry registry;

    private final FunctionView view;

    public SourceResource(FunctionBuilder builder, FunctionRegistry registry, FunctionView view) {
        this.view = view;
        this.builder = builder;
        this.registry = registry;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces("application/x-ndjson")
    @Blocking
    public StreamingOutput upload(@PathParam("name") String name, InputStream body, @Context UriInfo uri) {
        SpecParser.checkName(name);
        PreparedSource source = builder.prepare(name, body);
        URI base = uri.getBaseUri();
        return out -> {
            try (source) {
                FunctionSpec spec = builder.build(source, line -> event(out, "progress", "message", line));
                event(out, "built", "image", spec.image());
                FunctionRegistry.DeployResult result = registry.deploy(spec, line -> event(out, "starting", "message", line));
                ObjectNode ready = JSON.createObjectNode().put("event", "ready").put("changed", result.changed());
                ready.set("function", view.of(result.function(), base));
                line(out, ready);
            } catch (RuntimeException e) {
                ObjectNode error = JSON.createObjectNode().put("event", "error")
                        .put("error", e instanceof io.stoker.runtime.spec.SpecException ? "invalid_spec" : "deploy_failed")
                        .put("message", String.valueOf(e.getMessage()));
                line(out, error);
            }
        };
    }

    private static void event(OutputStream out, String event, String key, String value) {
        line(out, JSON.createObjectNode().put("event", event).put(key, value));
    }

    private static void line(OutputStream out, ObjectNode node) {
        try {
            out.write((node.toString() + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away", e);
        }
    }
}
