package io.stoker.gateway.call;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Event-loop contexts of the trigger calls' own, one per event loop, handed out in turn. Calls that start on a
 * thread outside Vert.x hop onto one, so every upstream request is made, and answered, on an event loop.
 */
final class EventLoopContexts {

    private final Context[] contexts;
    private final AtomicInteger turn = new AtomicInteger();

    EventLoopContexts(Vertx vertx) {
        // Each new event-loop context takes the group's next loop; Vert.x has no public call for this.
        VertxInternal internal = (VertxInternal) vertx;
        int loops = Math.max(1, Runtime.getRuntime().availableProcessors());
        contexts = new Context[loops];
        for (int i = 0; i < loops; i++) {
            contexts[i] = internal.createEventLoopContext();
        }
    }

    Context next() {
        return contexts[Math.floorMod(turn.getAndIncrement(), contexts.length)];
    }
}
