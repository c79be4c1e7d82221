package io.stoker.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shipped examples are valid functions whose build contexts hold what their Dockerfiles copy. */
class ExampleFunctionsTest {

    /** Surefire runs in the module folder; the templates live beside it. */
    static final Path TEMPLATES = Path.of("..", "function-templates");

    @ParameterizedTest
    @ValueSource(strings = {"java", "node", "python", "dockerfile"})
    void exampleParsesAndAssembles(String template) throws IOException {
        Path example = TEMPLATES.resolve("examples").resolve(template + "-hello");
        FunctionSpec spec = SpecParser.parse(Files.readString(example.resolve("stoker.yaml")));

        assertThat(spec.name()).isEqualTo(template + "-hello");
        assertThat(spec.template()).isEqualTo(template);
        assertThat(spec.env()).containsKey("GREETING");

        Set<String> names = names(template, example);
        assertThat(names).contains("Dockerfile");
        switch (template) {
            case "java" -> assertThat(names).contains("build.sh", "runner/src/io/stoker/function/Runner.java",
                    "function/src/com/example/Hello.java");
            case "node" -> assertThat(names).contains("runner.js", "function/handler.js");
            case "python" -> assertThat(names).contains("runner.py", "function/handler.py");
            default -> assertThat(names).contains("server.py").noneMatch(n -> n.startsWith("function/"));
        }
    }

    /** The examples with a library each: their manifests reach the build context beside the code. */
    @ParameterizedTest
    @ValueSource(strings = {"java", "node", "python"})
    void dependencyExampleParsesAndCarriesItsManifest(String template) throws IOException {
        Path example = TEMPLATES.resolve("examples/dependencies").resolve(template + "-deps");
        FunctionSpec spec = SpecParser.parse(Files.readString(example.resolve("stoker.yaml")));

        assertThat(spec.name()).isEqualTo(template + "-deps");
        assertThat(spec.template()).isEqualTo(template);
        Set<String> names = names(template, example);
        switch (template) {
            case "java" -> assertThat(names).contains("function/pom.xml", "function/src/main/java/com/example/Words.java");
            case "node" -> assertThat(names).contains("install-deps.sh", "function/package.json",
                    "function/package-lock.json", "function/handler.js");
            default -> {
                assertThat(names).contains("install-deps.sh", "function/requirements.txt", "function/handler.py");
                assertThat(spec.buildArgs()).containsEntry("PIP_FIND_LINKS", "/function/wheels")
                        .containsEntry("PIP_NO_INDEX", "1");
            }
        }
    }

    private static Set<String> names(String template, Path example) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext.write(template, TEMPLATES, example, out);
        Set<String> names = new HashSet<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
