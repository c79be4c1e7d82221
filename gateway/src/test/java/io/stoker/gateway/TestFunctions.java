package io.stoker.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.Response;

/** Functions the pool tests deploy from the python example's image with their own limits. */
final class TestFunctions {

    private static volatile String pythonImage;

    private TestFunctions() {}

    /** The python example's image, built through the gateway once (the same source keeps its tag). */
    static synchronized String pythonImage() {
        if (pythonImage == null) {
            pythonImage = TestApi.deployReady("python-base", renamed("python-hello", "python-base"))
                    .path("image").asText();
        }
        return pythonImage;
    }

    static java.nio.file.Path renamed(String example, String name) {
        return renamed(TestApi.example(example), name);
    }

    /** A copy of the function folder {@code src} whose stoker.yaml names it {@code name}. */
    static java.nio.file.Path renamed(java.nio.file.Path src, String name) {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("fn-" + name);
            try (var walk = java.nio.file.Files.walk(src)) {
                for (java.nio.file.Path p : walk.toList()) {
                    java.nio.file.Path to = dir.resolve(src.relativize(p).toString());
                    if (java.nio.file.Files.isDirectory(p)) {
                        java.nio.file.Files.createDirectories(to);
                    } else {
                        java.nio.file.Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            java.nio.file.Path yaml = dir.resolve("stoker.yaml");
            String text = java.nio.file.Files.readString(yaml).replaceFirst("(?m)^name:.*$", "name: " + name);
            java.nio.file.Files.writeString(yaml, text);
            return dir;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The test function of gateway/src/test/resources/functions/faults, deployed from source as {@code name}. */
    static JsonNode deployFaults(String name) {
        return TestApi.deployReady(name, renamed(TestApi.repo().resolve("gateway/src/test/resources/functions/faults"),
                name));
    }

    /** A spec on the python image; callers add limits and scale. */
    static ObjectNode spec(String name) {
        ObjectNode spec = TestApi.JSON.createObjectNode();
        spec.put("name", name);
        spec.put("image", pythonImage());
        return spec;
    }

    static Response put(ObjectNode spec) {
        return TestApi.api().contentType("application/json").body(spec.toString())
                .put("/v1/functions/" + spec.get("name").asText());
    }

    /**
     * The secret probe (gateway/src/test/resources/functions/secret-probe) as {@code name}, with {@code yaml} in
     * place of its own manifest's secrets line (e.g. "auth: token"), for tests that need its /headers or /env.
     */
    static java.nio.file.Path probe(String name, String yaml) {
        java.nio.file.Path dir = renamed(TestApi.repo().resolve("gateway/src/test/resources/functions/secret-probe"), name);
        try {
            java.nio.file.Path manifest = dir.resolve("stoker.yaml");
            java.nio.file.Files.writeString(manifest, java.nio.file.Files.readString(manifest)
                    .replaceFirst("(?m)^secrets:.*$", yaml));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }
}
