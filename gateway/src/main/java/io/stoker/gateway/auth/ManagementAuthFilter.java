package io.stoker.gateway.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.stoker.gateway.api.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Every {@code /v1} call needs {@code Authorization: Bearer <token>} (401 without a valid one) whose scope grants
 * what {@link Access} says the call needs (403 naming the scope otherwise); every one, allowed or not, goes to the
 * {@link AuditLog} with the status it got.
 */
public class ManagementAuthFilter {

    private static final String CALLER = "stoker.caller";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ScopedTokens tokens;
    private final AuditLog audit;

    public ManagementAuthFilter(ScopedTokens tokens, AuditLog audit) {
        this.tokens = tokens;
        this.audit = audit;
    }

    @ServerRequestFilter(preMatching = true)
    public Response check(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/v1")) {
            return null;
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.startsWith("Bearer ")) {
            return ApiError.response(401, "unauthorized",
                    "missing bearer token: send 'Authorization: Bearer <token>' (the token is in $STOKER_HOME/token)");
        }
        Caller caller = tokens.resolve(header.substring("Bearer ".length()).trim()).orElse(null);
        if (caller == null) {
            return ApiError.response(401, "unauthorized", "the bearer token is not valid (unknown, revoked or expired)");
        }
        request.setProperty(CALLER, caller);
        Access.Need need = Access.of(request.getMethod(), path);
        if (!caller.may(need)) {
            return forbidden(caller, need);
        }
        return null;
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (path.startsWith("/v1")) {
            audit.record((Caller) request.getProperty(CALLER), request.getMethod(), path, response.getStatus());
        }
    }

    private static Response forbidden(Caller caller, Access.Need need) {
        boolean otherFunction = caller.scope().grants(need.scope());
        String message = otherFunction
                ? "this " + caller.scope().text() + " token is for " + caller.functions() + ", not for function '"
                        + need.function() + "'"
                : "this call needs a token of scope '" + need.scope().text() + "'"
                        + (need.scope() == Scope.ADMIN ? "" : " (or admin)") + "; this one is '" + caller.scope().text()
                        + "'";
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "forbidden");
        body.put("message", message);
        body.put("neededScope", need.scope().text());
        if (need.function() != null) {
            body.put("function", need.function());
        }
        try {
            return Response.status(403).type(MediaType.APPLICATION_JSON).entity(JSON.writeValueAsString(body)).build();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
