package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;
import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ContainerSpec;
import io.stoker.runtime.engine.ContainerSummary;
import io.stoker.runtime.engine.EngineCapability;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.engine.ExitListener;
import io.stoker.runtime.engine.ImageInfo;
import io.stoker.runtime.engine.RegistryAuth;
import java.io.Closeable;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The engine boundary on a Kubernetes namespace, after OpenWhisk's KubernetesContainerFactory: one pod per instance,
 * created, watched and deleted by the gateway that owns it, so Stoker's pool and autoscaler keep deciding which
 * instance serves, stays warm or goes. A container id is the pod's name.
 *
 * <p>What Kubernetes cannot do is refused with {@link EngineException.Unsupported}, never faked: it has no pause (the
 * pool keeps standby pods ready instead), the gateway builds, pulls and pushes no image (each node pulls what its pods
 * name), and there is no network to make (pods are isolated by a NetworkPolicy). A pod holds a scheduling gate from
 * {@link #create} to {@link #start}. Thread-safe; {@link #close} stops the pod watch.
 *
 * <p>A secret mount is a {@code Secret} volume and a stored registry login an {@code imagePullSecrets} entry, both
 * Secrets this engine writes before the pod and deletes after the last pod naming them ({@link OwnedSecrets}).
 */
public final class KubernetesEngine implements ContainerEngine, AutoCloseable {

    private static final String NO_PAUSE = "Kubernetes has no pause: a function's standby instances are kept as ready "
            + "pods instead (scale.standby), and idle pods are stopped after scale.idle";
    private static final String NO_IMAGES = "a gateway on Kubernetes holds no images: the cluster's nodes pull the "
            + "image a function names. Build and push through a local gateway (stoker deploy DIR --push REPO), "
            + "then deploy the pushed image by digest to this one";

    private final KubernetesClient client;
    private final String namespace;
    private final OwnerReference owner;
    private final Duration startTimeout;
    private final Clock clock;
    private final PodExitWatch exits;
    private final OwnedSecrets secrets;

    /**
     * @param owner the gateway's own pod, which owns every pod this engine makes; null outside a cluster
     * @param startTimeout how long {@link #start} waits for the pod to run (scheduling, image pull, container start)
     */
    public KubernetesEngine(KubernetesClient client, String namespace, OwnerReference owner, Duration startTimeout,
            Clock clock) {
        this(client, namespace, owner, startTimeout, clock, PullCredentials.NONE);
    }

    /** @param credentials the stored registry logins, given to the nodes as each pod's imagePullSecrets */
    public KubernetesEngine(KubernetesClient client, String namespace, OwnerReference owner, Duration startTimeout,
            Clock clock, PullCredentials credentials) {
        this.secrets = new OwnedSecrets(client, namespace, owner, credentials);
        this.client = client;
        this.namespace = namespace;
        this.owner = owner;
        this.startTimeout = startTimeout;
        this.clock = clock;
        this.exits = KubeErrors.call("watch pods in namespace " + namespace,
                () -> new PodExitWatch(client, namespace, clock));
    }

    /**
     * The owner reference to the pod {@code podName} in {@code namespace} (the gateway's own, from the downward API),
     * read once at start; the pods this engine makes then go when that pod goes.
     */
    public static OwnerReference ownerFor(KubernetesClient client, String namespace, String podName) {
        Pod self = KubeErrors.call("read the gateway's own pod " + namespace + "/" + podName,
                () -> client.pods().inNamespace(namespace).withName(podName).get());
        if (self == null) {
            throw new EngineException("the gateway's own pod " + namespace + "/" + podName + " does not exist: set "
                    + "POD_NAME and POD_NAMESPACE from the downward API (deploy/kubernetes does)");
        }
        return new io.fabric8.kubernetes.api.model.OwnerReferenceBuilder()
                .withApiVersion("v1").withKind("Pod").withName(podName).withUid(self.getMetadata().getUid())
                .withController(false).withBlockOwnerDeletion(false).build();
    }

    public String namespace() {
        return namespace;
    }

    @Override
    public Set<EngineCapability> capabilities() {
        return EnumSet.of(EngineCapability.SECRET_MOUNTS);
    }

    @Override
    public String create(ContainerSpec spec) {
        return secrets.withSecretsFor(spec, refs -> {
            Pod pod = PodSpecs.of(spec, namespace, owner, refs);
            return KubeErrors.call("create pod " + spec.name(),
                    () -> pods().resource(pod).create().getMetadata().getName());
        });
    }

    /** Lifts the start gate and waits until the pod's container runs, or the node says it never will. */
    @Override
    public void start(String containerId) {
        String what = "start pod " + containerId;
        KubeErrors.run(what, () -> pods().withName(containerId).edit(p -> new PodBuilder(p).editSpec()
                .removeMatchingFromSchedulingGates(g -> PodSpecs.START_GATE.equals(g.getName())).endSpec().build()));
        AtomicReference<Pod> last = new AtomicReference<>();
        try {
            pods().withName(containerId).waitUntilCondition(p -> {
                last.set(p);
                return p == null || !"created".equals(PodStates.state(p)) || PodStates.stuck(p).isPresent();
            }, startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new EngineException(what + ": not running after " + startTimeout.toSeconds() + " s ("
                    + describe(last.get()) + "); is the cluster short of room for its requests?");
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            throw KubeErrors.translate(what, e);
        }
        Pod pod = last.get();
        if (pod == null) {
            throw new EngineException(what + ": the pod was deleted while it started");
        }
        Optional<ContainerStateWaiting> stuck = PodStates.stuck(pod);
        if (stuck.isPresent()) {
            String message = what + ": " + stuck.get().getReason() + ": " + stuck.get().getMessage();
            if (PodStates.IMAGE_MISSING.contains(stuck.get().getReason())) {
                throw new EngineException.NotFound(message + " (image " + imageOf(pod) + "; push it where the cluster "
                        + "pulls from, and deploy it by that reference)");
            }
            throw new EngineException(message);
        }
    }

    @Override
    public String inspectAddress(String containerId, String network) {
        Pod pod = get(containerId);
        String ip = PodStates.podIp(pod);
        if (ip.isEmpty()) {
            throw new EngineException("pod " + containerId + " has no IP yet: is it running?");
        }
        return ip;
    }

    @Override
    public void pause(String containerId) {
        throw new EngineException.Unsupported(EngineCapability.PAUSE, "pause pod " + containerId + ": " + NO_PAUSE);
    }

    @Override
    public void unpause(String containerId) {
        throw new EngineException.Unsupported(EngineCapability.PAUSE, "unpause pod " + containerId + ": " + NO_PAUSE);
    }

    @Override
    public void remove(String containerId) {
        KubeErrors.run("delete pod " + containerId, () -> pods().withName(containerId)
                .withGracePeriod(PodSpecs.GRACE_SECONDS).delete());
        // Its Secrets go with the last pod that names them, so a deleted function leaves none behind.
        secrets.sweep();
    }

    /** This gateway's pods with every label (another gateway's are not its to adopt); one being deleted is gone. */
    @Override
    public List<ContainerSummary> list(Map<String, String> labels) {
        Map<String, String> selector = new java.util.HashMap<>(labels);
        if (owner != null) {
            selector.put(PodSpecs.OWNER_LABEL, owner.getName());
        }
        return KubeErrors.call("list pods", () -> pods().withLabels(selector).list().getItems()).stream()
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> new ContainerSummary(p.getMetadata().getName(), p.getMetadata().getName(), imageOf(p),
                        p.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(p.getMetadata().getLabels()),
                        PodStates.state(p)))
                .toList();
    }

    @Override
    public String build(InputStream contextTar, String tag, Map<String, String> buildArgs, Consumer<String> progress) {
        throw new EngineException.Unsupported(EngineCapability.BUILD, "build " + tag + ": a gateway on Kubernetes "
                + "cannot build images: " + NO_IMAGES);
    }

    /** Always empty: the gateway holds no images; a node pulls the one a pod names. */
    @Override
    public Optional<ImageInfo> inspectImage(String imageRef) {
        return Optional.empty();
    }

    @Override
    public ImageInfo pullImage(String imageRef, RegistryAuth auth, Consumer<String> progress) {
        throw new EngineException.Unsupported(EngineCapability.IMAGES, "pull " + imageRef + ": " + NO_IMAGES);
    }

    @Override
    public String pushImage(String image, String target, RegistryAuth auth, Consumer<String> progress) {
        throw new EngineException.Unsupported(EngineCapability.IMAGES, "push " + image + ": " + NO_IMAGES);
    }

    @Override
    public void checkLogin(RegistryAuth auth) {
        throw new EngineException.Unsupported(EngineCapability.IMAGES, "log in to " + auth.host() + ": "
                + NO_IMAGES);
    }

    /** Nothing to make: pods share the cluster's network, and the NetworkPolicy in deploy/kubernetes isolates them. */
    @Override
    public void ensureNetwork(String name) {}

    @Override
    public Closeable logs(String containerId, boolean follow, int tail, Consumer<String> sink) {
        get(containerId);
        PodResource pod = pods().withName(containerId);
        if (!follow) {
            String text = KubeErrors.call("read the log of pod " + containerId,
                    () -> pod.tailingLines(tail).getLog());
            text.lines().forEach(sink);
            return () -> {};
        }
        PodLogLines lines = new PodLogLines(sink);
        LogWatch watch = KubeErrors.call("follow the log of pod " + containerId,
                () -> pod.tailingLines(tail).watchLog(lines));
        return () -> {
            watch.close();
            lines.close();
        };
    }

    @Override
    public Closeable watchExits(String label, Instant since, ExitListener listener) {
        return exits.subscribe(label, since, listener);
    }

    @Override
    public Optional<ContainerExit> exitOf(String containerId) {
        Pod pod = KubeErrors.call("read pod " + containerId, () -> pods().withName(containerId).get());
        if (pod == null) {
            return Optional.of(new ContainerExit(containerId, ExitCause.VANISHED, -1, clock.instant()));
        }
        return PodStates.exit(pod, clock.instant());
    }

    @Override
    public void close() {
        exits.close();
    }

    private Pod get(String containerId) {
        Pod pod = KubeErrors.call("read pod " + containerId, () -> pods().withName(containerId).get());
        if (pod == null) {
            throw new EngineException.NotFound("no pod " + containerId + " in namespace " + namespace);
        }
        return pod;
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Pod, io.fabric8.kubernetes.api.model.PodList,
            PodResource> pods() {
        return client.pods().inNamespace(namespace);
    }

    private static String imageOf(Pod pod) {
        return pod.getSpec() == null || pod.getSpec().getContainers().isEmpty() ? ""
                : pod.getSpec().getContainers().get(0).getImage();
    }

    private static String describe(Pod pod) {
        if (pod == null || pod.getStatus() == null) {
            return "no status yet";
        }
        StringBuilder s = new StringBuilder("phase ").append(pod.getStatus().getPhase());
        if (pod.getStatus().getConditions() != null) {
            pod.getStatus().getConditions().stream()
                    .filter(c -> "False".equals(c.getStatus()) && c.getMessage() != null)
                    .forEach(c -> s.append("; ").append(c.getType()).append(": ").append(c.getMessage()));
        }
        return s.toString();
    }
}
