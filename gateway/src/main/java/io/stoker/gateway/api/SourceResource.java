package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.build.FunctionBuilder;
import io.stoker.gateway.build.PreparedSource;
import io.stoker.gateway.images.ImageService;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import io.stoker.gateway.build.BuildGate;
import io.stoker.runtime.spec.SpecException;
import io.stoker.runtime.spec.SpecWriter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;

/**
 * Deploy from source: the body is a tar.gz of the function folder. Bad uploads are refused with a
 * 4xx before anything starts; then the build (or the pull of the image stoker.yaml names), the push when
 * {@code ?push=REPO} asks for one, and the start stream back as NDJSON events. With {@code ?deploy=false} (and a
 * push) nothing is deployed here: the last event, {@code done}, carries the spec by digest for another gateway.
 */
@Path("/v1/functions/{name}/source")
public class SourceResource {

    private final FunctionBuilder builder;
    private final BuildGate builds;
    private final FunctionRegistry registry;
    private final ImageService images;
    private final FunctionView view;

    private final io.stoker.gateway.registry.SecretVersions secrets;

    public SourceResource(FunctionBuilder builder, FunctionRegistry registry, ImageService images, FunctionView view,
                          BuildGate builds, io.stoker.gateway.registry.SecretVersions secrets) {
        this.builds = builds;
        this.secrets = secrets;
        this.view = view;
        this.builder = builder;
        this.registry = registry;
        this.images = images;
    }

    @POST
    @Consumes(jakarta.ws.rs.core.MediaType.WILDCARD)
    @Produces(NdJson.TYPE)
    @Blocking
    public StreamingOutput upload(@PathParam("name") String name, @QueryParam("push") String push,
                                  @QueryParam("deploy") @DefaultValue("true") boolean deploy, InputStream body,
                                  @Context UriInfo uri) {
        SpecParser.checkName(name);
        builds.require(withoutSlash(uri.getBaseUri()));
        String repository = push == null || push.isBlank() ? null : push.strip();
        if (!deploy && repository == null) {
            throw new SpecException("deploy", "deploy=false builds for another gateway, so it needs push=REPO: the "
                    + "image must reach a registry that gateway pulls from");
        }
        if (repository != null) {
            PushParameter.check(repository, "stoker-fn/" + name + ":latest");
            images.checkStoredLogin(repository);
        }
        PreparedSource source = builder.prepare(name, body);
        try {
            secrets.requireExisting(source.spec()); // a 400 before any build
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        URI base = uri.getBaseUri();
        HeldStart pull = null;
        if (!source.spec().image().isEmpty()) {
            // Before the answer starts: an image the registry lacks, or refuses, is a plain 4xx.
            try {
                pull = HeldStart.run("pull-" + name, progress -> images.ensure(source.spec().image(), progress));
                pull.awaitFirst();
            } catch (RuntimeException e) {
                source.close();
                throw e;
            }
        }
        HeldStart held = pull;
        return out -> {
            NdJson events = new NdJson(out);
            try (source) {
                FunctionSpec spec = builder.build(source, line -> events.event("progress", "message", line));
                if (held != null) {
                    held.drainTo(line -> events.event("progress", "message", line));
                }
                events.event("built", "image", spec.image());
                if (repository != null) {
                    ImageService.Pushed pushed = images.push(spec.image(), repository,
                            line -> events.event("progress", "message", line));
                    events.line(PushResource.pushedEvent(pushed));
                    spec = spec.withImage(pushed.byDigest());
                }
                if (!deploy) {
                    // Built and pushed for another gateway (a cluster's): the spec to deploy there, by digest.
                    ObjectNode done = NdJson.node().put("event", "done");
                    done.set("spec", SpecWriter.toJson(spec));
                    events.line(done);
                    return;
                }
                FunctionRegistry.DeployResult result = registry.deploy(spec,
                        line -> events.event("starting", "message", line));
                ObjectNode ready = NdJson.node().put("event", "ready").put("changed", result.changed());
                ready.set("function", view.of(result.function(), base));
                events.line(ready);
            } catch (RuntimeException e) {
                events.error(e, "deploy_failed");
            }
        };
    }

    private static String withoutSlash(URI base) {
        String s = base.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
