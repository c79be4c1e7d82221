package io.stoker.runtime.trigger;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Calls the function for one record: an HTTP POST to {@code path} with these headers and body.
 * Never blocks; the gateway implements it on its invoke path (warm pool, pooled connections).
 */
public interface RecordInvoker {

    /**
     * @param function the function
     * @param path the path the record is POSTed to
     * @param headers request headers (CloudEvents binary mode: ce-*, content-type)
     * @param body the record's value
     * @param timeout the call's deadline from now
     * @return the answer; completes normally even when the call failed (see {@link InvokeResult})
     */
    CompletableFuture<InvokeResult> invoke(String function, String path, Map<String, String> headers, byte[] body,
                                           Duration timeout);
}
