package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.stoker.runtime.engine.EngineException;
import java.io.IOException;
import java.util.function.Supplier;

/** Turns the client's failures into the engine boundary's: 404 is NotFound, no answer at all is Unreachable. */
final class KubeErrors {

    private KubeErrors() {}

    static <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (EngineException e) {
            throw e;
        } catch (KubernetesClientException e) {
            throw translate(what, e);
        }
    }

    static void run(String what, Runnable body) {
        call(what, () -> {
            body.run();
            return null;
        });
    }

    static EngineException translate(String what, KubernetesClientException e) {
        if (e.getCode() == 404) {
            return new EngineException.NotFound(what + ": not found (" + e.getMessage() + ")", e);
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return new EngineException.Unreachable(what + ": the Kubernetes API server does not answer ("
                        + t.getMessage() + "); check the gateway's service account and the cluster", e);
            }
        }
        return new EngineException(what + ": " + e.getMessage(), e);
    }
}
