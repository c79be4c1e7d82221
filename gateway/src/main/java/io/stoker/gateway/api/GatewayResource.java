package io.stoker.gateway.api;

import io.stoker.gateway.build.BuildGate;
import io.stoker.gateway.config.StokerConfig;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** What this gateway can do, for a client that chooses how to deploy: whether it builds, where it keeps functions. */
@Path("/v1/gateway")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayResource {

    private final BuildGate builds;
    private final StokerConfig config;

    public GatewayResource(BuildGate builds, StokerConfig config) {
        this.builds = builds;
        this.config = config;
    }

    @GET
    public Map<String, Object> describe() {
        return Map.of("builds", builds.builds(), "registry", config.registry().store().name());
    }
}
