package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What a pod's status means to the pool, as pure functions: its state in the engine's words (created, running,
 * exited), whether and how it ended, and whether its image cannot be had.
 */
final class PodStates {

    /** Waiting reasons a node gives when it cannot get the image: it will not appear by waiting. */
    static final Set<String> IMAGE_MISSING = Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName",
            "ErrImageNeverPull");
    /** Waiting reasons a node gives when the container cannot be made at all. */
    static final Set<String> CANNOT_CREATE = Set.of("CreateContainerConfigError", "CreateContainerError",
            "RunContainerError");

    private PodStates() {}

    /** created (not started or not yet running), running, or exited. */
    static String state(Pod pod) {
        if (terminated(pod).isPresent() || isOver(pod)) {
            return "exited";
        }
        ContainerStatus c = status(pod);
        if ("Running".equals(phase(pod)) && c != null && c.getState() != null && c.getState().getRunning() != null) {
            return "running";
        }
        return "created";
    }

    /** How the pod ended, or empty while it is created or running. A pod being deleted was killed from outside. */
    static Optional<ContainerExit> exit(Pod pod, Instant now) {
        String id = pod.getMetadata().getName();
        Optional<ContainerStateTerminated> t = terminated(pod);
        if (t.isPresent()) {
            ContainerStateTerminated term = t.get();
            int code = term.getExitCode() == null ? -1 : term.getExitCode();
            boolean oom = "OOMKilled".equals(term.getReason());
            return Optional.of(new ContainerExit(id, ExitCause.of(oom, false, code), code, time(term.getFinishedAt(), now)));
        }
        if (pod.getMetadata().getDeletionTimestamp() != null || "Evicted".equals(reason(pod))) {
            return Optional.of(new ContainerExit(id, ExitCause.KILLED, -1, now));
        }
        if (isOver(pod)) {
            return Optional.of(new ContainerExit(id, ExitCause.EXITED, -1, now));
        }
        return Optional.empty();
    }

    /** The node's reason for not starting the container, when it will not start by waiting; else empty. */
    static Optional<ContainerStateWaiting> stuck(Pod pod) {
        ContainerStatus c = status(pod);
        if (c == null || c.getState() == null || c.getState().getWaiting() == null) {
            return Optional.empty();
        }
        ContainerStateWaiting w = c.getState().getWaiting();
        return IMAGE_MISSING.contains(w.getReason()) || CANNOT_CREATE.contains(w.getReason())
                ? Optional.of(w) : Optional.empty();
    }

    static String podIp(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getPodIP() == null ? "" : pod.getStatus().getPodIP();
    }

    private static boolean isOver(Pod pod) {
        String phase = phase(pod);
        return "Failed".equals(phase) || "Succeeded".equals(phase);
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        ContainerStatus c = status(pod);
        return c == null || c.getState() == null ? Optional.empty() : Optional.ofNullable(c.getState().getTerminated());
    }

    private static ContainerStatus status(Pod pod) {
        if (pod.getStatus() == null) {
            return null;
        }
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        if (statuses == null) {
            return null;
        }
        return statuses.stream().filter(s -> PodSpecs.CONTAINER.equals(s.getName())).findFirst().orElse(null);
    }

    private static String phase(Pod pod) {
        return pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getPhase());
    }

    private static String reason(Pod pod) {
        return pod.getStatus() == null ? "" : String.valueOf(pod.getStatus().getReason());
    }

    private static Instant time(String rfc3339, Instant otherwise) {
        try {
            return rfc3339 == null ? otherwise : Instant.parse(rfc3339);
        } catch (RuntimeException e) {
            return otherwise;
        }
    }
}
