package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoker.gateway.auth.Scope;
import io.stoker.gateway.auth.ScopedTokens;
import io.stoker.runtime.spec.SpecException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** Scoped tokens (admin only): created with {@code {"scope", "functions", "expires"}}, the token shown only then. */
@Path("/v1/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScopedTokens tokens;
    private final Clock clock;

    public TokensResource(ScopedTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.clock = clock;
    }

    @GET
    public Map<String, Object> list() {
        return Map.of("tokens", tokens.list().stream().map(this::view).toList());
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Response create(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw invalid("the body must be {\"scope\": \"invoke\", \"functions\": [\"NAME\"], \"expires\": \"30d\"}");
        }
        try {
            Scope scope = Scope.parse(node.path("scope").asText(""));
            TreeSet<String> functions = new TreeSet<>();
            JsonNode fs = node.path("functions");
            if (!fs.isMissingNode() && !fs.isNull() && !fs.isArray()) {
                throw invalid("functions must be a list of function names");
            }
            fs.forEach(f -> functions.add(f.asText()));
            String expires = node.path("expires").asText("");
            Duration lifetime = expires.isEmpty() ? null : io.stoker.gateway.auth.Lifetime.parse("expires", expires);
            ScopedTokens.Created created = tokens.create(scope, functions, lifetime);
            Map<String, Object> answer = new LinkedHashMap<>(view(created.info()));
            answer.put("token", created.token());
            return Response.status(201).entity(answer).build();
        } catch (IllegalArgumentException | SpecException e) {
            throw invalid(e.getMessage());
        }
    }

    @DELETE
    @Path("{id}")
    public Map<String, String> revoke(@PathParam("id") String id) {
        if (!tokens.revoke(id)) {
            throw new WebApplicationException(ApiError.response(404, "token_not_found", "no token with id '" + id
                    + "' (see GET /v1/tokens)"));
        }
        return Map.of("revoked", id);
    }

    private Map<String, Object> view(ScopedTokens.Info t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.id());
        v.put("scope", t.scope().text());
        v.put("functions", t.functions());
        v.put("createdAt", t.createdAt().toString());
        v.put("expiresAt", t.expiresAt() == null ? null : t.expiresAt().toString());
        v.put("expired", t.expiredAt(clock.instant()));
        return v;
    }

    private static WebApplicationException invalid(String message) {
        return new WebApplicationException(ApiError.response(400, "invalid_token_request", message));
    }
}
