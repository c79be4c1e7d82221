package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.gateway.images.ImageService;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Map;

/** Create, update, read and delete functions. */
@Path("/v1/functions")
@Produces(MediaType.APPLICATION_JSON)
public class FunctionsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionRegistry registry;
    private final ImageService images;

    private final FunctionView view;

    private final io.stoker.gateway.registry.SecretVersions secrets;

    public FunctionsResource(FunctionRegistry registry, ImageService images, FunctionView view,
                             io.stoker.gateway.registry.SecretVersions secrets) {
        this.secrets = secrets;
        this.view = view;
        this.registry = registry;
        this.images = images;
    }

    @GET
    public Map<String, Object> list(@Context UriInfo uri) {
        registry.requireRestored();
        return Map.of("functions", registry.all().stream().map(fn -> view.of(fn, uri.getBaseUri())).toList());
    }

    @GET
    @Path("{name}")
    public ObjectNode get(@PathParam("name") String name, @Context UriInfo uri) {
        return view.of(find(name), uri.getBaseUri());
    }

    /**
     * Creates or updates a function from a spec naming an image, pulled first when the engine lacks it. With
     * {@code Accept: application/x-ndjson} the pull and the start stream back as events (as a source upload's do);
     * either way a missing image or a refused login is a plain 4xx before anything changed.
     */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, NdJson.TYPE})
    @Blocking
    public Response put(@PathParam("name") String name, String body, @Context UriInfo uri,
                        @HeaderParam("Accept") String accept) {
        SpecParser.checkName(name);
        FunctionSpec spec = SpecParser.parse(withName(name, body));
        if (spec.image().isEmpty()) {
            throw new SpecException("image", "PUT needs an image (a local one, or one to pull); to build from source,"
                    + " POST the function folder to /v1/functions/" + name + "/source (stoker deploy DIR)");
        }
        registry.requireRestored();
        secrets.requireExisting(spec);
        boolean existed = registry.get(name).isPresent();
        URI base = uri.getBaseUri();
        if (accept == null || !accept.contains(NdJson.TYPE)) {
            images.ensure(spec.image(), line -> { });
            FunctionRegistry.DeployResult result = registry.deploy(spec, line -> { });
            return Response.status(existed ? 200 : 201).type(MediaType.APPLICATION_JSON)
                    .entity(view.of(result.function(), base)).build();
        }
        HeldStart pull = HeldStart.run("pull-" + name, progress -> images.ensure(spec.image(), progress));
        pull.awaitFirst();
        StreamingOutput stream = out -> {
            NdJson events = new NdJson(out);
            try {
                pull.drainTo(line -> events.event("progress", "message", line));
                FunctionRegistry.DeployResult result = registry.deploy(spec,
                        line -> events.event("starting", "message", line));
                ObjectNode ready = NdJson.node().put("event", "ready").put("changed", result.changed())
                        .put("created", !existed);
                ready.set("function", view.of(result.function(), base));
                events.line(ready);
            } catch (RuntimeException e) {
                events.error(e, "deploy_failed");
            }
        };
        return Response.ok(stream, NdJson.TYPE).build();
    }

    @DELETE
    @Path("{name}")
    @Blocking
    public Map<String, String> delete(@PathParam("name") String name) {
        if (!registry.delete(name)) {
            throw notFound(name);
        }
        return Map.of("deleted", name);
    }

    private DeployedFunction find(String name) {
        return registry.get(name).orElseThrow(() -> notFound(name));
    }

    static jakarta.ws.rs.WebApplicationException notFound(String name) {
        return new jakarta.ws.rs.WebApplicationException(
                ApiError.response(404, "function_not_found", "no function named '" + name + "' is deployed"));
    }

    private static JsonNode withName(String name, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SpecException("", "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new SpecException("", "the body must be a JSON object with the function's spec");
        }
        JsonNode given = node.get("name");
        if (given == null || given.isNull()) {
            ((ObjectNode) node).put("name", name);
        } else if (!given.asText().equals(name)) {
            throw new SpecException("name", "'" + given.asText() + "' differs from the name in the path ('" + name + "')");
        }
        return node;
    }
}
