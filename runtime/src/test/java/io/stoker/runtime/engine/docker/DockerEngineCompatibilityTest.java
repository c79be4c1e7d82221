package io.stoker.runtime.engine.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.stoker.runtime.engine.BuildContexts;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ContainerEngineCompatibilityKit;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.LocalRegistry;
import io.stoker.runtime.engine.TestImages;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The Docker driver against the real engine (the test command starts one; no engine fails the test). */
class DockerEngineCompatibilityTest extends ContainerEngineCompatibilityKit {

    @Override
    protected ContainerEngine createEngine() {
        return DockerEngine.connect("unix:///var/run/docker.sock");
    }

    @Override
    protected String baseImage(ContainerEngine engine) {
        return TestImages.shellImage(engine);
    }

    @Override
    protected void removeNetwork(String name) {
        DockerCli.run("network", "rm", name);
    }

    /** Real registries, started by deploy/registry.sh on first use and stopped after the class. */
    private LocalRegistry open;
    private LocalRegistry locked;

    @Override
    protected synchronized KitRegistry openRegistry() {
        if (open == null) {
            open = LocalRegistry.open("kit-open-" + ProcessHandle.current().pid());
        }
        return new KitRegistry(open.host(), null, null);
    }

    @Override
    protected synchronized KitRegistry lockedRegistry() {
        if (locked == null) {
            locked = LocalRegistry.locked("kit-locked-" + ProcessHandle.current().pid(), "kit", "kit-" + runId);
        }
        return new KitRegistry(locked.host(), locked.user(), locked.password());
    }

    @AfterAll
    void stopRegistries() {
        if (open != null) {
            open.close();
        }
        if (locked != null) {
            locked.close();
        }
    }

    @Override
    protected void removeImage(String ref) {
        DockerCli.run("rmi", "-f", ref);
    }

    @Override
    protected SeenFile fileInside(String containerId, String path) {
        return DockerCli.fileInside(containerId, path);
    }

    @Test
    void speaksAnApiVersionTheEngineServes() {
        String version = ((DockerEngine) engine).apiVersion();
        assertThat(version).matches("1\\.\\d+");
    }

    @Test
    void logsCarryWhatTheContainerPrintedWithOrWithoutFollow() throws Exception {
        String id = startKitContainer();
        List<String> followed = new CopyOnWriteArrayList<>();
        try (Closeable follow = engine.logs(id, true, 20, followed::add)) {
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(followed).contains("kit-started"));
        }
        List<String> lines = new CopyOnWriteArrayList<>();
        engine.logs(id, false, 20, lines::add).close();
        assertThat(lines).containsExactly("kit-started");
    }

    @Test
    void aFailingBuildReportsTheBuildsOwnError() {
        String dockerfile = "FROM " + TestImages.shellImage(engine) + "\nRUN sh -c 'exit 3'\n";
        List<String> progress = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> engine.build(BuildContexts.dockerfileOnly(dockerfile), "stoker/kit-broken:latest",
                        Map.of(), progress::add))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("stoker/kit-broken:latest")
                .hasMessageContaining("returned a non-zero code: 3");
        assertThat(progress).anyMatch(line -> line.startsWith("Step"));
    }

    @Test
    void aMissingEngineSocketSaysHowToStartTheEngine() {
        DockerEngine nowhere = DockerEngine.connect("unix:///tmp/stoker-no-such-engine.sock");
        assertThatThrownBy(() -> nowhere.list(Map.of()))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("/tmp/stoker-no-such-engine.sock")
                .hasMessageContaining("bin/stoker up")
                .hasMessageContaining("dockerd");
    }

    @Test
    void theNetworkHasInterContainerTrafficOff() {
        String out = DockerCli.run("network", "inspect", "--format",
                "{{index .Options \"com.docker.network.bridge.enable_icc\"}} {{.Driver}} {{index .Labels \"stoker.managed\"}}",
                NETWORK);
        assertThat(out.strip()).isEqualTo("false bridge true");
    }
}
