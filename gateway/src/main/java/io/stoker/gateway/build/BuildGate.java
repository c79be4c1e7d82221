package io.stoker.gateway.build;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.EngineCapability;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Whether this gateway builds from source: only when builds are on ({@code stoker.build.enabled}) and its engine can
 * build. A gateway in a cluster cannot (its engine runs pods, it has no image builder), so a source upload there is
 * refused with the command that builds through a local gateway instead.
 */
@ApplicationScoped
public class BuildGate {

    private final StokerConfig config;
    private final ContainerEngine engine;

    public BuildGate(StokerConfig config, ContainerEngine engine) {
        this.config = config;
        this.engine = engine;
    }

    public boolean builds() {
        return config.build().enabled() && engine.can(EngineCapability.BUILD);
    }

    /**
     * Throws {@link CannotBuild} unless this gateway builds.
     *
     * @param gatewayUrl this gateway as the caller reached it, for the command to run instead
     */
    public void require(String gatewayUrl) {
        if (builds()) {
            return;
        }
        String why = config.build().enabled() ? "its container engine cannot build images"
                : "builds are turned off here (stoker.build.enabled=false)";
        throw new CannotBuild("this gateway does not build from source: " + why + ". Build and push through your "
                + "local gateway (bin/stoker up) and deploy the image by digest here: stoker deploy DIR --push REPO "
                + "--gateway " + gatewayUrl);
    }

    /** A source upload to a gateway that does not build (400 {@code cannot_build}). */
    public static class CannotBuild extends RuntimeException {
        public CannotBuild(String message) {
            super(message);
        }
    }
}
