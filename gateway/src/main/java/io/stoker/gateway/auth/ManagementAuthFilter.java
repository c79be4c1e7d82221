package io.stoker.gateway.auth;

import io.stoker.gateway.api.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Every {@code /v1} call needs {@code Authorization: Bearer <token>}. */
public class ManagementAuthFilter {

    private final TokenStore tokens;

    public ManagementAuthFilter(TokenStore tokens) {
        this.tokens = tokens;
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
        if (!tokens.matches(header.substring("Bearer ".length()).trim())) {
            return ApiError.response(401, "unauthorized", "the bearer token is not valid");
        }
        return null;
    }
}
