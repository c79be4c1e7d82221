package io.stoker.gateway.api;

import io.smallrye.common.annotation.Blocking;
import io.stoker.gateway.registry.DeployedFunction;
import io.stoker.gateway.registry.FunctionRegistry;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.pool.InstanceSnapshot;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The function's container logs, each line prefixed with its instance id; {@code follow} keeps streaming, {@code since}
 * (a duration back from now or an instant) keeps only the lines written since then.
 */
@Path("/v1/functions/{name}/logs")
public class LogsResource {

    private final FunctionRegistry registry;
    private final ContainerEngine engine;
    private final java.time.Clock clock;

    public LogsResource(FunctionRegistry registry, ContainerEngine engine, java.time.Clock clock) {
        this.registry = registry;
        this.engine = engine;
        this.clock = clock;
    }

    @GET
    @Produces("text/plain")
    @Blocking
    public StreamingOutput logs(@PathParam("name") String name, @QueryParam("follow") @DefaultValue("false") boolean follow,
                                @QueryParam("tail") @DefaultValue("100") int tail,
                                @QueryParam("since") String since) {
        if (tail < 0 || tail > 100_000) {
            throw new jakarta.ws.rs.WebApplicationException(
                    ApiError.response(400, "invalid_parameter", "tail must be between 0 and 100000, was " + tail));
        }
        java.time.Instant from = Since.parse(since, clock);
        long sinceSeconds = from == null ? 0 : from.getEpochSecond();
        DeployedFunction fn = registry.get(name).orElseThrow(() -> FunctionsResource.notFound(name));
        List<InstanceSnapshot> instances = fn.pool().snapshot().instances().stream()
                .filter(i -> i.containerId() != null).toList();
        return out -> {
            List<Closeable> streams = new ArrayList<>();
            CountDownLatch ended = new CountDownLatch(1);
            try {
                for (InstanceSnapshot i : instances) {
                    streams.add(engine.logs(i.containerId(), follow, tail, sinceSeconds,
                            line -> write(out, i.id(), line, ended)));
                }
                if (follow) {
                    // Until the client goes away (a write fails) — the engine streams keep the lines coming.
                    ended.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                for (Closeable c : streams) {
                    try {
                        c.close();
                    } catch (IOException ignored) {
                        // the stream is gone either way
                    }
                }
            }
        };
    }

    private static void write(OutputStream out, String instance, String line, CountDownLatch ended) {
        synchronized (out) {
            try {
                out.write(("[" + instance + "] " + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                ended.countDown();
            }
        }
    }
}
