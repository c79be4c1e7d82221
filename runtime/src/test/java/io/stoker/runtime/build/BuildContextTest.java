package io.stoker.runtime.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildContextTest {

    @TempDir
    Path tmp;

    Path templates;
    Path function;

    @BeforeEach
    void layout() throws IOException {
        templates = tmp.resolve("templates");
        write(templates.resolve("java/Dockerfile"), "FROM scratch\n");
        write(templates.resolve("java/runner/src/io/stoker/function/Runner.java"), "class Runner {}");
        function = tmp.resolve("fn");
        write(function.resolve("stoker.yaml"), "name: hello\n");
        write(function.resolve("src/com/example/Hello.java"), "class Hello {}");
    }

    @Test
    void languageTemplatePutsTemplateAtRootAndFunctionUnderFunctionDir() throws IOException {
        Map<String, String> entries = entries(build("java"));

        assertThat(entries).containsEntry("Dockerfile", "FROM scratch\n")
                .containsEntry("runner/src/io/stoker/function/Runner.java", "class Runner {}")
                .containsEntry("function/stoker.yaml", "name: hello\n")
                .containsEntry("function/src/com/example/Hello.java", "class Hello {}")
                .containsKey("function/")
                .doesNotContainKey("stoker.yaml")
                .doesNotContainKey("src/com/example/Hello.java");
    }

    @Test
    void dockerfileTemplateUsesTheFunctionFolderAsTheContext() throws IOException {
        write(function.resolve("Dockerfile"), "FROM stoker/base:bookworm\n");

        Map<String, String> entries = entries(build("dockerfile"));

        assertThat(entries).containsEntry("Dockerfile", "FROM stoker/base:bookworm\n")
                .containsEntry("stoker.yaml", "name: hello\n")
                .doesNotContainKey("function/")
                .doesNotContainKey("runner/src/io/stoker/function/Runner.java");
    }

    @Test
    void sameSourcesGiveTheSameBytes() throws IOException {
        byte[] first = build("java");
        Files.setLastModifiedTime(function.resolve("stoker.yaml"), java.nio.file.attribute.FileTime.fromMillis(0));

        assertThat(build("java")).isEqualTo(first);
    }

    @Test
    void keepsLongNamesAndExecutableBits() throws IOException {
        String deep = "a/" + "very-long-directory-name/".repeat(6) + "File.java";
        write(function.resolve(deep), "x");
        Path script = function.resolve("run.sh");
        write(script, "#!/bin/sh\n");
        script.toFile().setExecutable(true);

        Map<String, TarArchiveEntry> headers = headers(build("java"));

        assertThat(headers).containsKey("function/" + deep);
        // setExecutable(true) sets the owner's bit only, and the real bits travel (not a blanket 0755)
        assertThat(headers.get("function/run.sh").getMode() & 0777).isEqualTo(0744);
        assertThat(headers.get("function/stoker.yaml").getMode() & 0777).isEqualTo(0644);
    }

    @Test
    void carriesEachFilesPermissionBitsMasked() throws IOException {
        write(function.resolve("Dockerfile"), "FROM stoker/base:bookworm\n");
        Map<String, String> modes = Map.of("start.sh", "rwxr-xr-x", "group.sh", "rwxr-x---", "own.sh", "rwx------",
                "shared.txt", "rw-rw-rw-", "plain.txt", "rw-r--r--");
        for (Map.Entry<String, String> m : modes.entrySet()) {
            write(function.resolve(m.getKey()), "x");
            Files.setPosixFilePermissions(function.resolve(m.getKey()), PosixFilePermissions.fromString(m.getValue()));
        }

        Map<String, TarArchiveEntry> headers = headers(build("dockerfile"));

        assertThat(headers.get("start.sh").getMode() & 07777).isEqualTo(0755);
        assertThat(headers.get("group.sh").getMode() & 07777).as("exec for the group, not for others").isEqualTo(0750);
        assertThat(headers.get("own.sh").getMode() & 07777).isEqualTo(0700);
        assertThat(headers.get("shared.txt").getMode() & 07777).as("no write for group or other").isEqualTo(0644);
        assertThat(headers.get("plain.txt").getMode() & 07777).isEqualTo(0644);
    }

    @Test
    void tellsWhatIsMissing() {
        assertThatThrownBy(() -> build("dockerfile"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Dockerfile");
        assertThatThrownBy(() -> build("node"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("template 'node' is not installed");
        assertThatThrownBy(() -> build("../java"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown template '../java'");
    }

    @Test
    void aNodeFunctionWithPackageJsonLeavesItsOwnNodeModulesToNpm() throws IOException {
        write(templates.resolve("node/Dockerfile"), "FROM scratch\n");
        write(function.resolve("handler.js"), "module.exports = () => 1;");
        write(function.resolve("node_modules/left-pad/index.js"), "x");
        write(function.resolve("lib/node_modules/kept.js"), "x");

        // Without package.json, node_modules is the function's only way to bring packages: kept.
        assertThat(entries(build("node"))).containsKey("function/node_modules/left-pad/index.js");

        write(function.resolve("package.json"), "{}");
        assertThat(entries(build("node"))).containsKeys("function/package.json", "function/handler.js",
                        "function/lib/node_modules/kept.js")
                .noneSatisfy((name, content) -> assertThat(name).startsWith("function/node_modules"));
    }

    @Test
    void tempFileHoldsTheSameContext() throws IOException {
        Path file = BuildContext.writeTempFile("java", templates, function);
        try {
            assertThat(Files.readAllBytes(file)).isEqualTo(build("java"));
        } finally {
            Files.delete(file);
        }
    }

    private byte[] build(String template) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BuildContext.write(template, templates, function, out);
        return out.toByteArray();
    }

    private static Map<String, String> entries(byte[] tar) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.put(e.getName(), e.isDirectory() ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static Map<String, TarArchiveEntry> headers(byte[] tar) throws IOException {
        Map<String, TarArchiveEntry> headers = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                headers.put(e.getName(), e);
            }
        }
        return headers;
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
