package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.images.ImageService;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.spec.SpecParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;

/** Pushes the image a deployed function runs to a registry; the push streams back as NDJSON events. */
@Path("/v1/functions/{name}/push")
public class PushResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionRegistry registry;
    private final ImageService images;

    public PushResource(FunctionRegistry registry, ImageService images) {
        this.registry = registry;
        this.images = images;
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(NdJson.TYPE)
    @Blocking
    public StreamingOutput push(@PathParam("name") String name, String body) {
        SpecParser.checkName(name);
        String repository = repository(body);
        DeployedFunction fn = registry.get(name).orElseThrow(() -> FunctionsResource.notFound(name));
        String image = fn.spec().image();
        PushParameter.check(repository, image);
        images.checkStoredLogin(repository);
        return out -> {
            NdJson events = new NdJson(out);
            try {
                events.line(pushedEvent(images.push(image, repository, line -> events.event("progress", "message", line))));
            } catch (RuntimeException e) {
                events.error(e, "push_failed");
            }
        };
    }

    static ObjectNode pushedEvent(ImageService.Pushed pushed) {
        return NdJson.node().put("event", "pushed").put("image", pushed.image()).put("target", pushed.target())
                .put("digest", pushed.digest()).put("reference", pushed.byDigest());
    }

    private static String repository(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the body is not valid JSON: " + e.getOriginalMessage());
        }
        JsonNode repo = node == null ? null : node.get("repository");
        if (repo == null || !repo.isTextual() || repo.asText().isBlank()) {
            throw invalid("the body must be {\"repository\": \"host[:port]/repository[:tag]\"}");
        }
        return repo.asText().strip();
    }

    private static WebApplicationException invalid(String message) {
        return new WebApplicationException(ApiError.response(400, "invalid_parameter", message));
    }
}
