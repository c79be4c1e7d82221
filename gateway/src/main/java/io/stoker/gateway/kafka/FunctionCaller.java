package io.stoker.gateway.kafka;

import io.stoker.gateway.call.CallPath;
import io.stoker.gateway.call.CallRequest;
import io.stoker.gateway.metrics.Trigger;
import io.stoker.runtime.trigger.InvokeResult;
import io.stoker.runtime.trigger.RecordInvoker;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Calls a function for a Kafka record: a buffered call on the one call path, counted as the Kafka trigger's. */
@ApplicationScoped
public class FunctionCaller implements RecordInvoker {

    private final CallPath calls;

    public FunctionCaller(CallPath calls) {
        this.calls = calls;
    }

    @Override
    public CompletableFuture<InvokeResult> invoke(String function, String path, Map<String, String> headers, byte[] body,
                                                  Duration timeout) {
        return calls.call(CallRequest.post(Trigger.KAFKA, function, path, headers, body, timeout));
    }
}
