package io.stoker.gateway.api;

import io.stoker.gateway.auth.AuditLog;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The audit log of management calls (admin only): {@code ?since=10m} or an ISO-8601 instant. */
@Path("/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private final AuditLog audit;
    private final Clock clock;

    public AuditResource(AuditLog audit, Clock clock) {
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public Map<String, Object> list(@QueryParam("since") String since) {
        Instant from = null;
        if (since != null && !since.isBlank()) {
            try {
                from = since.contains("T") ? Instant.parse(since) : clock.instant().minus(io.stoker.gateway.auth.Lifetime.parse("since",
                        since));
            } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
                throw new WebApplicationException(ApiError.response(400, "invalid_parameter", "since must be a"
                        + " duration (10m, 2h, 7d) or an instant (2026-12-01T10:00:00Z), not '" + since + "'"));
            }
        }
        return Map.of("entries", audit.since(from).stream().map(e -> {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("at", e.at().toString());
            v.put("tokenId", e.tokenId());
            v.put("scope", e.scope());
            v.put("method", e.method());
            v.put("path", e.path());
            v.put("status", e.status());
            v.put("outcome", e.outcome());
            return v;
        }).toList());
    }
}
