package io.stoker.gateway.kubernetes.standin;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.engine.ExitListener;
import java.io.Closeable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A STAND-IN for a Kubernetes node, for tests only: no API server, scheduler or kubelet can run on these machines, so
 * this watches the pods on fabric8's mock API server (CRUD mode) and does what a scheduler and a kubelet would do with
 * them, on the local Docker engine. A pod without scheduling gates is run as one real, hardened container
 * ({@link PodContainers}) on a bridge network of its own; its status is then written back as a kubelet writes it:
 * phase Running, the container's bridge IP (reachable from the host) as podIP, the Ready conditions, a running
 * container status. A secret volume is the Secret's data in files on the host's tmpfs ({@link SecretVolumeFiles}),
 * mounted read-only. An image the engine lacks is the node's ErrImagePull. When the container ends, the pod is marked
 * Failed (or Succeeded) with a terminated container status (OOMKilled, or Error and the exit code); when the pod is
 * deleted, the container is removed. It is not Kubernetes: no probes, no restarts, no eviction, no resource
 * accounting, one container per pod.
 */
public final class KubeletStandIn implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(KubeletStandIn.class);
    /** Every container this stand-in runs carries it (with its own id), so nothing else on the engine is touched. */
    public static final String LABEL = "stoker.standin";
    public static final String POD_LABEL = "stoker.standin.pod";

    private final KubernetesClient client;
    private final String namespace;
    private final ContainerEngine docker;
    private final String network;
    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService work = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kubelet-standin");
        t.setDaemon(true);
        return t;
    });
    /** Pod name → Docker container id, for the pods it runs. */
    private final Map<String, String> containers = new ConcurrentHashMap<>();
    private final Map<String, String> podOfContainer = new ConcurrentHashMap<>();
    private final java.util.Set<String> taken = ConcurrentHashMap.newKeySet();
    /** Pod name → its secret volumes' host directories. */
    private final Map<String, Map<String, java.nio.file.Path>> secretDirs = new ConcurrentHashMap<>();
    private Closeable exitWatch;
    private SharedIndexInformer<Pod> informer;

    public KubeletStandIn(KubernetesClient client, String namespace, ContainerEngine docker, String network) {
        this.client = client;
        this.namespace = namespace;
        this.docker = docker;
        this.network = network;
    }

    public KubeletStandIn start() {
        docker.ensureNetwork(network);
        exitWatch = docker.watchExits(LABEL + "=" + id, null, new ExitListener() {
            @Override
            public void exited(ContainerExit exit) {
                work.execute(() -> containerEnded(exit));
            }

            @Override
            public void ended(Throwable error) {
                LOG.warnf("the stand-in lost the engine's event stream: %s", error);
            }
        });
        informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                consider(pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                consider(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                String name = pod.getMetadata().getName();
                work.execute(() -> removeContainer(name));
            }
        }, 0);
        return this;
    }

    /** The Docker containers it runs now, by pod name. */
    public Map<String, String> containers() {
        return Map.copyOf(containers);
    }

    /** The network its containers are on. */
    public String network() {
        return network;
    }

    private void consider(Pod pod) {
        boolean gated = pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty();
        if (gated || pod.getMetadata().getDeletionTimestamp() != null || pod.getStatus() != null
                && pod.getStatus().getPhase() != null && !"Pending".equals(pod.getStatus().getPhase())) {
            return;
        }
        if (taken.add(pod.getMetadata().getName())) {
            work.execute(() -> run(pod));
        }
    }

    private void run(Pod pod) {
        String name = pod.getMetadata().getName();
        String containerId = null;
        try {
            Map<String, java.nio.file.Path> secrets = SecretVolumeFiles.write(client, namespace, pod,
                    "stoker-standin-" + id + "-" + name);
            secretDirs.put(name, secrets);
            containerId = docker.create(PodContainers.of(pod, "standin-" + id + "-" + name, network,
                    Map.of(LABEL, id, POD_LABEL, name), secrets));
            containers.put(name, containerId);
            podOfContainer.put(containerId, name);
            docker.start(containerId);
            String ip = docker.inspectAddress(containerId, network);
            String cid = containerId;
            writeStatus(name, running(pod, ip, cid));
            if (client.pods().inNamespace(namespace).withName(name).get() == null) {
                removeContainer(name); // deleted while it started
            }
        } catch (EngineException.NotFound e) {
            LOG.infof("stand-in: pod %s: %s", name, e.getMessage());
            writeStatus(name, waiting(pod, "ErrImagePull", e.getMessage()));
            removeContainer(name);
        } catch (IllegalStateException e) {
            LOG.infof("stand-in: pod %s: %s", name, e.getMessage());
            writeStatus(name, waiting(pod, "CreateContainerConfigError", e.getMessage()));
            removeContainer(name);
        } catch (RuntimeException e) {
            LOG.warnf("stand-in: pod %s could not run: %s", name, e.getMessage());
            writeStatus(name, waiting(pod, "CreateContainerError", e.getMessage()));
            removeContainer(name);
        }
    }

    private void containerEnded(ContainerExit exit) {
        String name = podOfContainer.get(exit.containerId());
        if (name == null || !containers.containsKey(name)) {
            return; // removed by the stand-in itself: the pod was deleted
        }
        boolean oom = exit.cause() == ExitCause.OUT_OF_MEMORY;
        int code = exit.exitCode() >= 0 ? exit.exitCode() : 137;
        ContainerStatus terminated = new ContainerStatusBuilder().withName("function").withReady(false)
                .withStarted(false).withRestartCount(0).withContainerID("docker://" + exit.containerId())
                .withNewState().withNewTerminated().withExitCode(code)
                .withReason(oom ? "OOMKilled" : code == 0 ? "Completed" : "Error")
                .withFinishedAt(exit.at().toString()).endTerminated().endState().build();
        writeStatus(name, current -> new PodStatusBuilder(current).withPhase(code == 0 ? "Succeeded" : "Failed")
                .withConditions(conditions("False")).withContainerStatuses(terminated).build());
    }

    private void removeContainer(String podName) {
        Map<String, java.nio.file.Path> secrets = secretDirs.remove(podName);
        if (secrets != null) {
            SecretVolumeFiles.delete(secrets);
        }
        String containerId = containers.remove(podName);
        if (containerId == null) {
            return;
        }
        try {
            docker.remove(containerId);
        } catch (RuntimeException e) {
            LOG.warnf("stand-in: could not remove container %s of pod %s: %s", containerId, podName, e.getMessage());
        }
    }

    private java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.PodStatus> running(Pod pod, String ip,
            String containerId) {
        String now = Instant.now().toString();
        ContainerStatus status = new ContainerStatusBuilder().withName("function").withReady(true).withStarted(true)
                .withRestartCount(0).withImage(pod.getSpec().getContainers().get(0).getImage())
                .withContainerID("docker://" + containerId)
                .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build();
        return current -> new PodStatusBuilder(current).withPhase("Running").withPodIP(ip).withHostIP(ip)
                .withStartTime(now).withConditions(conditions("True")).withContainerStatuses(status).build();
    }

    private java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.PodStatus> waiting(Pod pod,
            String reason, String message) {
        ContainerStatus status = new ContainerStatusBuilder().withName("function").withReady(false).withStarted(false)
                .withRestartCount(0).withImage(pod.getSpec().getContainers().get(0).getImage())
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
        return current -> new PodStatusBuilder(current).withPhase("Pending").withContainerStatuses(status).build();
    }

    private static List<PodCondition> conditions(String ready) {
        return List.of(
                new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Initialized").withStatus("True").build(),
                new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("ContainersReady").withStatus(ready).build(),
                new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready").withStatus(ready).build());
    }

    /** Writes the status subresource, as a kubelet does; a pod deleted meanwhile is left alone. */
    private void writeStatus(String name, java.util.function.UnaryOperator<io.fabric8.kubernetes.api.model.PodStatus> change) {
        try {
            client.pods().inNamespace(namespace).withName(name).editStatus(p -> {
                p.setStatus(change.apply(p.getStatus() == null ? new io.fabric8.kubernetes.api.model.PodStatus()
                        : p.getStatus()));
                return p;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                LOG.warnf("stand-in: could not write the status of pod %s: %s", name, e.getMessage());
            }
        }
    }

    @Override
    public void close() throws Exception {
        if (informer != null) {
            informer.close();
        }
        if (exitWatch != null) {
            exitWatch.close();
        }
        work.shutdown();
        work.awaitTermination(10, TimeUnit.SECONDS);
        for (String pod : List.copyOf(containers.keySet())) {
            removeContainer(pod);
        }
    }
}
