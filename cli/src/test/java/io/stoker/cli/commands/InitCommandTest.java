package io.stoker.cli.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.stoker.cli.CliRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InitCommandTest {

    @TempDir
    Path tmp;

    CliRunner cli;
    Path work;

    @BeforeEach
    void setUp() throws Exception {
        Path example = tmp.resolve("repo/function-templates/examples/python-hello");
        Files.createDirectories(example.resolve("__pycache__"));
        Files.writeString(example.resolve("stoker.yaml"), "name: python-hello\ntemplate: python\nhandler: main:handle\n");
        Files.writeString(example.resolve("main.py"), "def handle(req): return 'hi'\n");
        Files.writeString(example.resolve("__pycache__/main.pyc"), "x");
        cli = new CliRunner(tmp);
        cli.repo = tmp.resolve("repo");
        work = Files.createDirectories(tmp.resolve("work"));
    }

    @Test
    void copiesTheExampleAndRenamesTheFunction() throws Exception {
        CliRunner.Result r = cli.run("init", "greeter", "--template", "python", "--dir", work.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(work.resolve("greeter/stoker.yaml")))
                .isEqualTo("name: greeter\ntemplate: python\nhandler: main:handle\n");
        assertThat(work.resolve("greeter/main.py")).exists();
        assertThat(work.resolve("greeter/__pycache__")).doesNotExist();
    }

    @Test
    void refusesToOverwriteAnExistingFolder() throws Exception {
        Files.createDirectories(work.resolve("greeter"));
        CliRunner.Result r = cli.run("init", "greeter", "--template", "python", "--dir", work.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("already exists");
        assertThat(work.resolve("greeter/stoker.yaml")).doesNotExist();
    }

    @Test
    void aMissingExampleIsNamed() {
        CliRunner.Result r = cli.run("init", "greeter", "--template", "node", "--dir", work.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("the node example is missing at");
    }

    @Test
    void renameAddsANameWhenTheManifestHasNone() {
        assertThat(InitCommand.rename("template: java\n", "x")).isEqualTo("name: x\ntemplate: java\n");
        assertThat(InitCommand.rename("a: 1\nname: old\n", "x")).isEqualTo("a: 1\nname: x\n");
    }
}
