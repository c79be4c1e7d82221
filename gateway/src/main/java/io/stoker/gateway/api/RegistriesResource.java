package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.images.CredentialStore;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ImageRef;
import io.stoker.runtime.engine.RegistryAuth;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Registry credentials: a login is checked against the registry before it is stored; no answer ever carries a
 * password back.
 */
@Path("/v1/registries")
@Produces(MediaType.APPLICATION_JSON)
public class RegistriesResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CredentialStore store;
    private final ContainerEngine engine;

    public RegistriesResource(CredentialStore store, ContainerEngine engine) {
        this.store = store;
        this.engine = engine;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("registries", store.list().stream().map(RegistriesResource::view).toList());
    }

    /**
     * Logs in: the engine checks the credentials with the registry; refused ones are not stored (400). An engine
     * without images stores them unchecked ({@code "checked": false}).
     */
    @PUT
    @Path("{host}")
    @Consumes(MediaType.WILDCARD)
    @Blocking
    public Response login(@PathParam("host") String host, String body) {
        checkHost(host);
        JsonNode node = body(body);
        String username = field(node, "username");
        String password = field(node, "password");
        // An engine that moves no images (Kubernetes: the nodes pull, with the login as a pull secret) cannot check
        // it; stored unchecked and said so, a wrong one shows as the pod's image pull error.
        boolean checked = engine.capabilities().contains(io.stoker.runtime.engine.EngineCapability.IMAGES);
        if (checked) {
            engine.checkLogin(new RegistryAuth(host, username, password));
        }
        boolean created = store.put(host, username, password);
        CredentialStore.Entry entry = store.list().stream().filter(e -> e.host().equals(host)).findFirst().orElseThrow();
        Map<String, Object> answer = new java.util.LinkedHashMap<>(view(entry));
        answer.put("checked", checked);
        return Response.status(created ? 201 : 200).entity(answer).build();
    }

    @DELETE
    @Path("{host}")
    public Map<String, String> logout(@PathParam("host") String host) {
        if (!store.remove(host)) {
            throw new WebApplicationException(ApiError.response(404, "registry_not_found",
                    "no credentials are stored for '" + host + "'"));
        }
        return Map.of("deleted", host);
    }

    private static Map<String, Object> view(CredentialStore.Entry e) {
        return Map.of("host", e.host(), "username", e.username(), "storedAt", e.storedAt().toString());
    }

    /** A registry host as image references name it: host or host:port (what comes before the first '/'). */
    private static void checkHost(String host) {
        boolean ok;
        try {
            ok = ImageRef.parse(host + "/x").host().equals(host);
        } catch (IllegalArgumentException e) {
            ok = false;
        }
        if (!ok) {
            throw invalid("'" + host + "' is not a registry host: give host or host:port, with a '.' or a port"
                    + " (e.g. 127.0.0.1:5000), as image references name it");
        }
    }

    private static JsonNode body(String body) {
        try {
            JsonNode node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            if (node == null || !node.isObject()) {
                throw invalid("the body must be {\"username\": \"…\", \"password\": \"…\"}");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static String field(JsonNode node, String name) {
        JsonNode v = node.get(name);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw invalid(name + " is required (a non-empty string)");
        }
        return v.asText();
    }

    private static WebApplicationException invalid(String message) {
        return new WebApplicationException(ApiError.response(400, "invalid_parameter", message));
    }
}
