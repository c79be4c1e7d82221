package io.stoker.gateway.call;

import io.quarkus.runtime.ShutdownEvent;
import io.stoker.gateway.config.StokerConfig;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP clients to function instances: keep-alive connections pooled per instance address, one
 * client per event loop, so a call and its upstream connection stay on the same thread (a shared
 * client would hand each call over to whichever loop owns the pooled connection).
 */
@ApplicationScoped
public class UpstreamClient {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(UpstreamClient.class);

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final ThreadLocal<HttpClient> perLoop = new ThreadLocal<>();
    private final Set<HttpClient> all = ConcurrentHashMap.newKeySet();

    @jakarta.inject.Inject
    public UpstreamClient(Vertx vertx, StokerConfig config) {
        this(vertx, config.invoke().maxConnectionsPerInstance());
    }

    UpstreamClient(Vertx vertx, int maxConnectionsPerInstance) {
        this.vertx = vertx;
        this.options = new HttpClientOptions()
                .setKeepAlive(true)
                .setTcpNoDelay(true)
                .setMaxPoolSize(maxConnectionsPerInstance)
                .setKeepAliveTimeout(30)
                .setConnectTimeout(2_000);
    }

    /**
     * The calling event loop's own client. Only on an event loop: a request started elsewhere can get its answer
     * before its body handler is set and lose the body.
     */
    public HttpClient client() {
        if (!Context.isOnEventLoopThread()) {
            throw new IllegalStateException("upstream calls start on an event loop, not on " + Thread.currentThread().getName());
        }
        HttpClient mine = perLoop.get();
        if (mine == null) {
            mine = vertx.createHttpClient(options);
            all.add(mine);
            perLoop.set(mine);
        }
        return mine;
    }

    /** Says which transport carries the calls: epoll is the fast one, NIO the fallback (and why). */
    void onStart(@Observes io.quarkus.runtime.StartupEvent event) {
        if (vertx.isNativeTransportEnabled()) {
            LOG.info("calls use Netty's native epoll transport");
        } else {
            LOG.infof("calls use Java NIO: the native transport is unavailable (%s)",
                    vertx.unavailableNativeTransportCause());
        }
    }

    void close(@Observes ShutdownEvent event) {
        all.forEach(HttpClient::close);
    }
}
