package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.gateway.secrets.SecretStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Secrets: created, replaced and deleted by name, with their values in the request only ({@code {"data": {KEY:
 * base64}}}); every answer shows names, keys, update times and the functions using each, never a value. Replacing a
 * secret rolls the instances of every function that names it.
 */
@Path("/v1/secrets")
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretStore store;
    private final FunctionRegistry registry;

    public SecretsResource(SecretStore store, FunctionRegistry registry) {
        this.store = store;
        this.registry = registry;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("secrets", store.list().stream().map(this::view).toList());
    }

    @GET
    @Path("{name}")
    public Map<String, Object> get(@PathParam("name") String name) {
        return view(store.get(name).orElseThrow(() -> notFound(name)));
    }

    /** Creates a secret; 409 when one of that name exists (replace it with PUT). */
    @POST
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    public Response create(@PathParam("name") String name, String body) {
        if (!store.create(name, data(name, body))) {
            throw new WebApplicationException(ApiError.response(409, "secret_exists", "a secret named '" + name
                    + "' exists; replace its keys with: stoker secret update " + name));
        }
        return Response.status(201).entity(view(store.get(name).orElseThrow())).build();
    }

    /** Replaces every key of a secret, then rolls the functions that name it (each keeps serving meanwhile). */
    @PUT
    @Path("{name}")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Map<String, Object> update(@PathParam("name") String name, String body) {
        if (!store.update(name, data(name, body))) {
            throw notFound(name);
        }
        Map<String, Object> answer = new LinkedHashMap<>(view(store.get(name).orElseThrow()));
        answer.put("rolled", registry.rollUsersOf(name, line -> { }));
        return answer;
    }

    @DELETE
    @Path("{name}")
    public Map<String, String> delete(@PathParam("name") String name) {
        var users = registry.usersOf(name);
        if (!users.isEmpty()) {
            throw new WebApplicationException(ApiError.response(409, "secret_in_use", "the secret '" + name
                    + "' is named by " + users + "; remove it from their stoker.yaml and deploy them first"));
        }
        if (!store.delete(name)) {
            throw notFound(name);
        }
        return Map.of("deleted", name);
    }

    private Map<String, Object> view(SecretStore.Meta m) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", m.name());
        v.put("keys", m.keys());
        v.put("updatedAt", m.updatedAt().toString());
        v.put("usedBy", registry.usersOf(m.name()));
        return v;
    }

    /**
     * The body's {@code data}, decoded. No error message quotes the body: it holds the values (a JSON parser's
     * message may quote what it could not read, so only its position is told).
     */
    private static Map<String, byte[]> data(String name, String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var at = e.getLocation();
            throw invalid("the body is not valid JSON" + (at == null ? "" : " (line " + at.getLineNr() + ", column "
                    + at.getColumnNr() + ")") + "; send {\"data\": {\"KEY\": \"<base64 of the value>\"}}");
        }
        JsonNode data = root == null ? null : root.get("data");
        if (data == null || !data.isObject()) {
            throw invalid("the body must be {\"data\": {\"KEY\": \"<base64 of the value>\"}}");
        }
        Map<String, byte[]> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw invalid("data." + e.getKey() + " must be a string (the value in base64)");
            }
            try {
                out.put(e.getKey(), Base64.getDecoder().decode(e.getValue().asText()));
            } catch (IllegalArgumentException bad) {
                throw invalid("data." + e.getKey() + " is not base64");
            }
        }
        try {
            SecretStore.check(name, out);
        } catch (IllegalArgumentException bad) {
            throw invalid(bad.getMessage());
        }
        return out;
    }

    private static WebApplicationException notFound(String name) {
        return new WebApplicationException(ApiError.response(404, "secret_not_found", "no secret named '" + name
                + "' (see GET /v1/secrets)"));
    }

    private static WebApplicationException invalid(String message) {
        return new WebApplicationException(ApiError.response(400, "invalid_secret", message));
    }
}
