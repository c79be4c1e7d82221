package io.stoker.gateway.async;

import io.stoker.gateway.config.StokerConfig;
import io.stoker.runtime.trigger.RetryPolicy;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadLocalRandom;

/**
 * POSTs an ended call's answer to its {@code X-Callback-Url}, retried with back-off (1 s, doubling up to 30 s) on a
 * connection failure, 5xx or 429, up to {@code stoker.async.callback-attempts} tries. Never blocks a thread.
 */
@ApplicationScoped
public class CallbackSender {

    /** How a callback went, as the call's record says it. */
    public record Outcome(boolean delivered, int status, int tries, String text) {}

    private final Vertx vertx;
    private final HttpClient client;
    private final int attempts;
    private final long timeoutMs;

    public CallbackSender(Vertx vertx, StokerConfig config) {
        this.vertx = vertx;
        this.attempts = config.async().callbackAttempts();
        this.timeoutMs = config.async().callbackTimeout().toMillis();
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(32).setKeepAlive(true));
    }

    public CompletionStage<Outcome> send(String url, MultiMap headers, byte[] body) {
        CompletableFuture<Outcome> done = new CompletableFuture<>();
        RetryPolicy retry = new RetryPolicy(Math.max(1, attempts), Duration.ofSeconds(1), Duration.ofSeconds(30),
                ThreadLocalRandom.current());
        attempt(url, headers, body, 1, retry, done);
        return done;
    }

    private void attempt(String url, MultiMap headers, byte[] body, int tryNo, RetryPolicy retry,
                         CompletableFuture<Outcome> done) {
        RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.POST)
                .setHeaders(headers).setTimeout(timeoutMs).setFollowRedirects(false);
        client.request(options)
                .compose(req -> req.send(Buffer.buffer(body)))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(ar -> {
                    int status = ar.succeeded() ? ar.result() : 0;
                    String text = ar.succeeded() ? "HTTP " + status : String.valueOf(ar.cause().getMessage());
                    boolean delivered = status >= 200 && status < 300;
                    boolean again = !delivered && (status == 0 || status == 429 || status >= 500);
                    if (again && retry.mayRetry(tryNo)) {
                        vertx.setTimer(Math.max(1, retry.delay(tryNo).toMillis()),
                                id -> attempt(url, headers, body, tryNo + 1, retry, done));
                        return;
                    }
                    done.complete(new Outcome(delivered, status, tryNo, text));
                });
    }
}
