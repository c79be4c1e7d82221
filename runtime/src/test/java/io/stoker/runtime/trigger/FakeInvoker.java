package io.stoker.runtime.trigger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Records every call; each one completes only when the test answers it. */
final class FakeInvoker implements RecordInvoker {

    /** One call and its pending answer. */
    record Call(String function, String path, Map<String, String> headers, byte[] body, Duration timeout,
                CompletableFuture<InvokeResult> answer) {

        String value() {
            return new String(body, StandardCharsets.UTF_8);
        }

        String offset() {
            return headers.get("ce-kafkaoffset");
        }

        void answer(int status) {
            answer(status, "", true);
        }

        void answer(int status, String body, boolean fromFunction) {
            answer.complete(new InvokeResult(status, Map.of("Content-Type", "text/plain"),
                    body.getBytes(StandardCharsets.UTF_8), fromFunction));
        }
    }

    private final List<Call> calls = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<InvokeResult> invoke(String function, String path, Map<String, String> headers,
                                                               byte[] body, Duration timeout) {
        CompletableFuture<InvokeResult> answer = new CompletableFuture<>();
        calls.add(new Call(function, path, headers, body, timeout, answer));
        return answer;
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    /** The calls not answered yet, oldest first. */
    synchronized List<Call> pending() {
        return calls.stream().filter(c -> !c.answer().isDone()).toList();
    }

    /** The latest call with this value. */
    synchronized Call call(String value) {
        for (int i = calls.size() - 1; i >= 0; i--) {
            if (calls.get(i).value().equals(value)) {
                return calls.get(i);
            }
        }
        throw new AssertionError("no call with value " + value + "; calls: " + values());
    }

    /** The values of every call, in call order. */
    synchronized List<String> values() {
        return calls.stream().map(Call::value).toList();
    }
}
