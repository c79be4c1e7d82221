package io.stoker.gateway.kubernetes.functions;

import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stoker.gateway.registry.FunctionStore;
import io.stoker.gateway.registry.StoreConflict;
import io.stoker.runtime.instance.SpecHash;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import io.stoker.runtime.spec.SpecWriter;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The registry as {@code Function} resources of one namespace, shared by every gateway replica there. A write is
 * compared with what the writer serves (the stored spec's hash) and then made with the stored object's
 * resourceVersion, so a change another replica made meanwhile is a {@link StoreConflict}, never a lost write. Each
 * replica's informer tells its registry which functions changed.
 */
public final class KubernetesFunctionStore implements FunctionStore {

    private static final Logger LOG = Logger.getLogger(KubernetesFunctionStore.class);
    /** Every resource is listed again this often, so a change whose event was missed is still followed. */
    private static final long RESYNC_MILLIS = 5 * 60_000L;
    static final Map<String, String> LABELS = Map.of("app.kubernetes.io/managed-by", "stoker");

    private final KubernetesClient client;
    private final String namespace;
    private final String writer;
    private volatile SharedIndexInformer<FunctionResource> informer;

    /**
     * @param namespace where the resources live
     * @param writer who writes (the gateway pod's name), recorded in each resource's status
     */
    public KubernetesFunctionStore(KubernetesClient client, String namespace, String writer) {
        this.client = client;
        this.namespace = namespace;
        this.writer = writer;
    }

    private MixedOperation<FunctionResource, KubernetesResourceList<FunctionResource>, Resource<FunctionResource>>
            resources() {
        return client.resources(FunctionResource.class);
    }

    @Override
    public void save(Stored stored, String expectedHash) {
        String name = stored.spec().name();
        FunctionResource current = resources().inNamespace(namespace).withName(name).get();
        check(name, current, expectedHash);
        FunctionResource next = new FunctionResource();
        next.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace).withLabels(LABELS)
                .withResourceVersion(current == null ? null : current.getMetadata().getResourceVersion()).build());
        next.setSpec(SpecWriter.toJson(stored.spec()));
        next.setStatus(status(stored));
        try {
            if (current == null) {
                resources().inNamespace(namespace).resource(next).create();
            } else {
                resources().inNamespace(namespace).resource(next).update(); // with the resourceVersion read above
            }
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw new StoreConflict(changedMeanwhile(name));
            }
            throw e;
        }
    }

    @Override
    public void delete(String name, String expectedHash) {
        FunctionResource current = resources().inNamespace(namespace).withName(name).get();
        if (current == null) {
            return;
        }
        check(name, current, expectedHash);
        try {
            resources().inNamespace(namespace).withName(name)
                    .lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw new StoreConflict(changedMeanwhile(name));
            }
            throw e;
        }
    }

    @Override
    public List<Stored> loadAll() {
        List<Stored> all = new ArrayList<>();
        for (FunctionResource r : resources().inNamespace(namespace).list().getItems()) {
            read(r).ifPresent(all::add);
        }
        return all;
    }

    @Override
    public Optional<Stored> load(String name) {
        FunctionResource r = resources().inNamespace(namespace).withName(name).get();
        if (r == null) {
            return Optional.empty();
        }
        return Optional.of(read(r).orElseThrow(() -> new Unreadable(unreadable(name))));
    }

    @Override
    public void watch(Listener listener) {
        informer = resources().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(FunctionResource r) {
                listener.changed(r.getMetadata().getName());
            }

            @Override
            public void onUpdate(FunctionResource before, FunctionResource after) {
                listener.changed(after.getMetadata().getName());
            }

            @Override
            public void onDelete(FunctionResource r, boolean finalStateUnknown) {
                listener.changed(r.getMetadata().getName());
            }
        }, RESYNC_MILLIS);
        LOG.infof("following the Function resources of namespace %s", namespace);
    }

    @Override
    public void close() {
        SharedIndexInformer<FunctionResource> i = informer;
        if (i != null) {
            i.close();
        }
    }

    /** The function a resource holds; one whose spec no longer parses is logged and skipped, never removed. */
    static Optional<Stored> read(FunctionResource r) {
        String name = r.getMetadata().getName();
        try {
            FunctionSpec spec = SpecParser.parse(r.getSpec());
            if (!spec.name().equals(name)) {
                throw new IllegalArgumentException("its spec names '" + spec.name() + "'");
            }
            FunctionStatus status = r.getStatus();
            Instant created = instant(status == null ? null : status.getCreatedAt(),
                    r.getMetadata().getCreationTimestamp());
            Instant updated = instant(status == null ? null : status.getUpdatedAt(), created.toString());
            return Optional.of(new Stored(spec, created, updated));
        } catch (RuntimeException e) {
            LOG.errorf("skipping the Function resource %s, which does not read as a function: %s", name,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private FunctionStatus status(Stored stored) {
        FunctionStatus s = new FunctionStatus();
        s.setSpecHash(SpecHash.of(stored.spec()));
        s.setImage(stored.spec().image());
        s.setCreatedAt(stored.createdAt().toString());
        s.setUpdatedAt(stored.updatedAt().toString());
        s.setWrittenBy(writer);
        return s;
    }

    /** Throws unless the stored function is the one the writer serves (none, when it expects none). */
    private void check(String name, FunctionResource current, String expectedHash) {
        Optional<Stored> stored = current == null ? Optional.empty() : read(current);
        if (current != null && stored.isEmpty()) {
            throw new StoreConflict(unreadable(name) + "; nothing was changed here");
        }
        String storedHash = stored.map(s -> SpecHash.of(s.spec())).orElse(null);
        if (Objects.equals(storedHash, expectedHash)) {
            return;
        }
        if (current == null) {
            throw new StoreConflict("function " + name + " was deleted through another gateway meanwhile; nothing "
                    + "was changed here: deploy it again to bring it back");
        }
        throw new StoreConflict(changedMeanwhile(name));
    }

    private String unreadable(String name) {
        return "the Function resource " + name + " does not read as a function (see the gateway log): fix it or "
                + "delete it (kubectl -n " + namespace + " delete function " + name + "), then deploy again";
    }

    private static String changedMeanwhile(String name) {
        return "function " + name + " was deployed or changed through another gateway since this one last saw it; "
                + "nothing was changed here: look at it (stoker describe " + name + ") and deploy again";
    }

    private static Instant instant(String text, String fallback) {
        String t = text != null ? text : fallback;
        return t == null ? Instant.EPOCH : Instant.parse(t);
    }
}
