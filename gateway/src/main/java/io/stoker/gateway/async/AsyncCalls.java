package io.stoker.gateway.async;

import java.util.concurrent.CompletionStage;

/**
 * Accepts calls to run later. The stage completes with the call's id once the call is durable (written to the
 * async topic and acknowledged by the broker), and fails if it cannot be (no such function, broker away), so a
 * caller never reports a call accepted that cannot run. Used by the async route and by schedules.
 */
public interface AsyncCalls {

    CompletionStage<String> submit(AsyncRequest request);
}
