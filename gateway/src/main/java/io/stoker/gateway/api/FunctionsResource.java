package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecParser;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Map;

/** Create, update, read and delete functions. */
@Path("/v1/functions")
@Produces(MediaType.APPLICATION_JSON)
public class FunctionsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FunctionRegistry registry;
    private final ContainerEngine engine;

    private final FunctionView view;

    public FunctionsResource(FunctionRegistry registry, ContainerEngine engine, FunctionView view) {
        this.view = view;
        this.registry = registry;
        this.engine = engine;
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

    /** Creates or updates a function from a spec naming an image the engine already has. */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Response put(@PathParam("name") String name, String body, @Context UriInfo uri) {
        SpecParser.checkName(name);
        FunctionSpec spec = SpecParser.parse(withName(name, body));
        if (spec.image().isEmpty()) {
            throw new SpecException("image", "PUT needs an image the engine already has; to build from source,"
                    + " POST the function folder to /v1/functions/" + name + "/source (stoker deploy DIR)");
        }
        if (engine.inspectImage(spec.image()).isEmpty()) {
            throw new SpecException("image", "the engine has no image '" + spec.image() + "'; build or load it first");
        }
        boolean existed = registry.get(name).isPresent();
        FunctionRegistry.DeployResult result = registry.deploy(spec, line -> { });
        return Response.status(existed ? 200 : 201).entity(view.of(result.function(), uri.getBaseUri())).build();
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
