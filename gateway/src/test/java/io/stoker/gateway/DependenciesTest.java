package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The dependency examples (function-templates/examples/dependencies), deployed from source on the
 * real engine: each answers with what only its library produces; a code-only change redeploys with
 * the dependency step taken from the engine's cache; a broken manifest fails the deploy with the
 * package manager's own words while the version before keeps serving. One test per template, each
 * builds three times (the second and third are short), so the suite grows by about two minutes.
 */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class DependenciesTest {

    private Path work;

    @AfterEach
    void cleanUp() throws IOException {
        if (work != null) {
            try (Stream<Path> walk = Files.walk(work)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /**
     * @param example folder under examples/dependencies, also the function's name
     * @param code the file whose REVISION the code-only change bumps
     * @param depsStep the Dockerfile step that installs the dependencies, as the build output shows it
     * @param manifest the file broken in the last deploy
     * @param broken what it holds then
     * @param managerSays a line of the package manager's own error output
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "node-deps|handler.js|RUN sh /deps/install-deps.sh|package.json|{ \"name\": \"node-deps\", broken|npm ERR! code EJSONPARSE",
        "python-deps|handler.py|RUN sh /install-deps.sh|requirements.txt|stoker-greeting==9.9|ERROR: No matching distribution found for stoker-greeting==9.9",
        "java-deps|src/main/java/com/example/Words.java|RUN sh /build/build.sh deps|pom.xml|-|Could not find artifact com.example:no-such-library:jar:1.0",
    })
    void exampleWithALibraryBuildsCachesAndFailsInThePackageManagersWords(
            String example, String code, String depsStep, String manifest, String broken, String managerSays)
            throws IOException {
        work = Files.createTempDirectory("stoker-deps-");
        Path folder = work.resolve(example);
        copy(TestApi.repo().resolve("function-templates/examples/dependencies").resolve(example), folder);
        if (example.equals("python-deps")) {
            buildGreetingWheel(folder.resolve("wheels"));
        }

        // 1. Clean deploy: the answer is something only the library could give. The mark makes the code new to the
        // engine, so this run builds its own layers and step 2 finds them in the cache (an image left by an earlier
        // run would otherwise be "up to date" here, and its layers are not always this run's cache).
        Path source = folder.resolve(code);
        Files.writeString(source, Files.readString(source) + (code.endsWith(".py") ? "#" : "//") + " built by run "
                + System.nanoTime() + "\n");
        TestApi.deployReady(example, folder);
        JsonNode first = call(example, "1.5h two words");
        switch (example) {
            case "node-deps" -> {
                assertThat(first.path("library").asText()).isEqualTo("ms@2.1.3");
                assertThat(TestApi.readJson(given().body("2 days").post("/function/node-deps").asString())
                        .path("millis").asLong()).isEqualTo(172_800_000L);
                assertThat(first.path("devDependencyInstalled").asBoolean()).as("--omit=dev").isFalse();
            }
            case "python-deps" -> {
                assertThat(first.path("greeting").asText()).isEqualTo("stoker-greeting 1.0 says: hello, 1.5h two words!");
                assertThat(first.path("library").asText()).isEqualTo("stoker-greeting@1.0");
                assertThat(first.path("libraryFile").asText()).startsWith("/app/packages/");
            }
            default -> {
                assertThat(first.path("camel").asText()).isEqualTo("1.5hTwoWords");
                assertThat(first.path("title").asText()).isEqualTo("1.5h Two Words");
                assertThat(first.path("library").asText()).isEqualTo("commons-text@1.12.0");
            }
        }
        assertThat(first.path("revision").asInt()).isEqualTo(1);

        // 2. Code-only change: the dependency step comes from the cache, the code step does not.
        String text = Files.readString(source);
        assertThat(text).contains("REVISION = 1");
        // The comment makes this run's code new to the engine: an image built by an earlier run
        // would otherwise be "up to date" and build nothing.
        Files.writeString(source, text.replace("REVISION = 1", "REVISION = 2")
                + (code.endsWith(".py") ? "#" : "//") + " changed by run " + System.nanoTime() + "\n");
        List<String> progress = messages(TestApi.deploySource(example, folder));
        assertThat(progress.get(progress.size() - 1)).as("end of " + progress).startsWith("ready:");
        assertThat(stepResult(progress, depsStep)).as(depsStep + " in " + progress).isEqualTo("---> Using cache");
        assertThat(stepResult(progress, "COPY function/ ")).as("the code step in " + progress)
                .isNotEqualTo("---> Using cache");
        assertThat(call(example, "x").path("revision").asInt()).isEqualTo(2);

        // 3. A broken manifest: the deploy fails with the package manager's own message ...
        Path manifestFile = folder.resolve(manifest);
        Files.writeString(manifestFile, broken.equals("-") ? Files.readString(manifestFile).replace(
                "<artifactId>commons-text</artifactId>\n      <version>1.12.0</version>",
                "<artifactId>commons-text</artifactId>\n      <version>1.12.0</version>\n    </dependency>\n"
                        + "    <dependency>\n      <groupId>com.example</groupId>\n"
                        + "      <artifactId>no-such-library</artifactId>\n      <version>1.0</version>")
                : broken + "\n");
        List<JsonNode> failed = TestApi.deploySource(example, folder);
        JsonNode last = TestApi.last(failed);
        assertThat(last.path("event").asText()).as(failed.toString()).isEqualTo("error");
        assertThat(last.path("error").asText()).isEqualTo("deploy_failed");
        assertThat(messages(failed)).as("progress of the broken deploy").anyMatch(m -> m.contains(managerSays));

        // ... and the version before keeps serving.
        assertThat(call(example, "x").path("revision").asInt()).isEqualTo(2);
        TestApi.api().delete("/v1/functions/" + example).then().statusCode(200);
    }

    /** build.args reach the dockerfile template's own ARGs (the language templates get them the same way). */
    @Test
    void buildArgsReachTheDockerfileTemplatesArgs() throws IOException {
        work = Files.createTempDirectory("stoker-deps-");
        Path folder = work.resolve("dockerfile-args");
        copy(TestApi.example("dockerfile-hello"), folder);
        Path dockerfile = folder.resolve("Dockerfile");
        Files.writeString(dockerfile, Files.readString(dockerfile)
                .replace("COPY server.py", "ARG FLAVOUR=plain\nENV GREETING=\"made with ${FLAVOUR}\"\nCOPY server.py"));
        Files.writeString(folder.resolve("stoker.yaml"),
                "name: dockerfile-args\ntemplate: dockerfile\nbuild:\n  args:\n    FLAVOUR: build.args\n");

        TestApi.deployReady("dockerfile-args", folder);
        assertThat(call("dockerfile-args", "x").path("message").asText()).isEqualTo("made with build.args");
        TestApi.api().delete("/v1/functions/dockerfile-args").then().statusCode(200);
    }

    private static JsonNode call(String function, String body) {
        Response r = given().body(body).post("/function/" + function);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        return TestApi.readJson(r.asString());
    }

    /** Progress messages, and the last event as "ready: ..." or "error: ..." */
    private static List<String> messages(List<JsonNode> events) {
        return events.stream().map(e -> switch (e.path("event").asText()) {
            case "ready" -> "ready: " + e.path("changed").asText();
            case "error" -> "error: " + e.path("message").asText();
            default -> e.path("message").asText(e.path("image").asText());
        }).toList();
    }

    /** The engine's first line after the build step that contains {@code step} (legacy builder output). */
    private static String stepResult(List<String> progress, String step) {
        for (int i = 0; i < progress.size() - 1; i++) {
            if (progress.get(i).startsWith("Step ") && progress.get(i).contains(step)) {
                return progress.get(i + 1).trim();
            }
        }
        throw new AssertionError("no build step '" + step + "' in " + progress);
    }

    /**
     * Builds the example's library (examples/dependencies/stoker-greeting) into a wheel with pip
     * itself, in the python build image (which has pip and wheel; the host may have neither), with
     * fixed file times so the same source gives the same wheel.
     */
    private static void buildGreetingWheel(Path wheels) throws IOException {
        Files.createDirectories(wheels);
        Path src = TestApi.repo().resolve("function-templates/examples/dependencies/stoker-greeting");
        Docker.run("run", "--rm", "-e", "SOURCE_DATE_EPOCH=946684800",
                "-v", src + ":/src:ro", "-v", wheels.toAbsolutePath() + ":/out", "stoker/python-build:bookworm",
                "sh", "-c", "cp -r /src /tmp/src && python3 -m pip wheel -q --no-deps --no-build-isolation --no-index"
                        + " -w /out /tmp/src");
        try (Stream<Path> s = Files.list(wheels)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("stoker_greeting-1.0-py3-none-any.whl");
        }
    }

    private static void copy(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path dest = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
