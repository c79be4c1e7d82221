package io.stoker.runtime.instance;

import io.stoker.runtime.spec.FunctionSpec;
import java.time.Duration;
import java.util.Map;

/** Function specs for launcher tests. */
final class TestSpecs {

    private TestSpecs() {}

    static FunctionSpec spec(String name, String image, int port, String user, String readinessPath) {
        return new FunctionSpec(name, "", "", image, port, Map.of("GREETING", "hi"), user,
                new FunctionSpec.Limits(128L * 1024 * 1024, 0.5, Duration.ofSeconds(30), 4),
                new FunctionSpec.Scale(0, 3, Duration.ofMinutes(5)),
                readinessPath);
    }
}
