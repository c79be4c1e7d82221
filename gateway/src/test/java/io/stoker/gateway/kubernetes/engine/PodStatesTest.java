package io.stoker.gateway.kubernetes.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a pod's status, as a kubelet writes it, means to the pool. */
class PodStatesTest {

    static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");

    static PodBuilder pod(String phase) {
        return new PodBuilder().withNewMetadata().withName("stoker-fn-i1").endMetadata()
                .withNewSpec().addNewContainer().withName(PodSpecs.CONTAINER).withImage("img").endContainer().endSpec()
                .withNewStatus().withPhase(phase).endStatus();
    }

    static Pod terminated(String reason, int code) {
        return pod("Failed").editStatus().withContainerStatuses(new ContainerStatusBuilder().withName(PodSpecs.CONTAINER)
                .withNewState().withNewTerminated().withReason(reason).withExitCode(code)
                .withFinishedAt("2026-12-02T02:59:58Z").endTerminated().endState().build()).endStatus().build();
    }

    @Test
    void aGatedOrPendingPodIsCreatedAndARunningContainerRuns() {
        assertThat(PodStates.state(new PodBuilder().withNewMetadata().withName("p").endMetadata().build()))
                .isEqualTo("created");
        assertThat(PodStates.state(pod("Pending").build())).isEqualTo("created");
        Pod running = pod("Running").editStatus().withPodIP("10.1.2.3").withContainerStatuses(new ContainerStatusBuilder()
                .withName(PodSpecs.CONTAINER).withNewState().withNewRunning().endRunning().endState().build())
                .endStatus().build();
        assertThat(PodStates.state(running)).isEqualTo("running");
        assertThat(PodStates.podIp(running)).isEqualTo("10.1.2.3");
        assertThat(PodStates.exit(running, NOW)).isEmpty();
    }

    @Test
    void terminationsMapToTheEnginesCauses() {
        assertThat(PodStates.exit(terminated("OOMKilled", 137), NOW)).map(ContainerExit::cause)
                .contains(ExitCause.OUT_OF_MEMORY);
        assertThat(PodStates.exit(terminated("Error", 137), NOW)).map(ContainerExit::cause).contains(ExitCause.KILLED);
        assertThat(PodStates.exit(terminated("Error", 3), NOW)).hasValueSatisfying(e -> {
            assertThat(e.cause()).isEqualTo(ExitCause.EXITED);
            assertThat(e.exitCode()).isEqualTo(3);
            assertThat(e.at()).isEqualTo(Instant.parse("2026-12-02T02:59:58Z"));
        });
        assertThat(PodStates.state(terminated("Error", 3))).isEqualTo("exited");
    }

    @Test
    void aPodBeingDeletedOrEvictedWasKilledFromOutside() {
        Pod deleting = pod("Running").editMetadata().withDeletionTimestamp("2026-12-02T02:59:59Z").endMetadata().build();
        assertThat(PodStates.exit(deleting, NOW)).map(ContainerExit::cause).contains(ExitCause.KILLED);
        Pod evicted = pod("Failed").editStatus().withReason("Evicted").endStatus().build();
        assertThat(PodStates.exit(evicted, NOW)).map(ContainerExit::cause).contains(ExitCause.KILLED);
    }

    @Test
    void aNodeThatCannotPullTheImageIsStuckNotStarting() {
        Pod pulling = pod("Pending").editStatus().withContainerStatuses(new ContainerStatusBuilder()
                .withName(PodSpecs.CONTAINER).withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image").endWaiting().endState().build()).endStatus().build();
        assertThat(PodStates.stuck(pulling)).isPresent();
        Pod creating = pod("Pending").editStatus().withContainerStatuses(new ContainerStatusBuilder()
                .withName(PodSpecs.CONTAINER).withNewState().withNewWaiting().withReason("ContainerCreating")
                .endWaiting().endState().build()).endStatus().build();
        assertThat(PodStates.stuck(creating)).as("still on its way").isEmpty();
    }
}
