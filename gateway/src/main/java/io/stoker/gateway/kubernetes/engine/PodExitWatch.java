package io.stoker.gateway.kubernetes.engine;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.stoker.runtime.engine.ContainerExit;
import io.stoker.runtime.engine.ExitCause;
import io.stoker.runtime.engine.ExitListener;
import java.io.Closeable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One informer on the namespace's pods for the engine's whole life, turning pods that end into {@link ContainerExit}s:
 * a terminated container (OOMKilled, an exit code), a failed or evicted pod, or a pod deleted before either was seen
 * (killed from outside). The informer lists again and watches again by itself when its connection breaks; a pod that
 * vanished meanwhile comes as a deletion then. Exits are kept for {@link #JOURNAL} so a watch opened later replays
 * those since the time it names, as the Docker engine's event stream does. Thread-safe.
 */
final class PodExitWatch implements Closeable {

    static final Duration JOURNAL = Duration.ofMinutes(10);

    private record Entry(ContainerExit exit, Map<String, String> labels) {}

    private record Subscriber(String key, String value, ExitListener listener) {
        boolean wants(Map<String, String> labels) {
            return value == null ? labels.containsKey(key) : value.equals(labels.get(key));
        }
    }

    private final Clock clock;
    private final SharedIndexInformer<Pod> informer;
    private final Deque<Entry> journal = new ArrayDeque<>();
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    /** Pods whose exit is told already, by uid; forgotten once the pod is deleted. */
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    PodExitWatch(KubernetesClient client, String namespace, Clock clock) {
        this.clock = clock;
        this.informer = client.pods().inNamespace(namespace).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen(pod, false);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                seen(pod, false);
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                seen(pod, true);
            }
        }, 0);
        informer.stopped().whenComplete((ignored, error) -> {
            if (!closed) {
                subscribers.forEach(s -> s.listener().ended(error));
            }
        });
    }

    /** Exits of pods carrying {@code label} ({@code key} or {@code key=value}) from {@code since} on (null: now). */
    Closeable subscribe(String label, Instant since, ExitListener listener) {
        int eq = label.indexOf('=');
        Subscriber s = eq < 0 ? new Subscriber(label, null, listener)
                : new Subscriber(label.substring(0, eq), label.substring(eq + 1), listener);
        List<Entry> replay;
        synchronized (journal) {
            subscribers.add(s);
            replay = since == null ? List.of()
                    : journal.stream().filter(e -> !e.exit().at().isBefore(since)).toList();
        }
        replay.stream().filter(e -> s.wants(e.labels())).forEach(e -> listener.exited(e.exit()));
        return () -> subscribers.remove(s);
    }

    private void seen(Pod pod, boolean deleted) {
        String uid = pod.getMetadata().getUid() == null ? pod.getMetadata().getName() : pod.getMetadata().getUid();
        Instant now = clock.instant();
        ContainerExit exit = PodStates.exit(pod, now)
                .orElse(deleted ? new ContainerExit(pod.getMetadata().getName(), ExitCause.KILLED, -1, now) : null);
        if (exit == null || !told.add(uid)) {
            if (deleted) {
                told.remove(uid);
            }
            return;
        }
        if (deleted) {
            told.remove(uid);
        }
        Map<String, String> labels = pod.getMetadata().getLabels() == null ? Map.of() : pod.getMetadata().getLabels();
        Entry entry = new Entry(exit, Map.copyOf(labels));
        List<Subscriber> now2;
        synchronized (journal) {
            journal.addLast(entry);
            Instant horizon = now.minus(JOURNAL);
            while (!journal.isEmpty() && journal.peekFirst().exit().at().isBefore(horizon)) {
                journal.removeFirst();
            }
            now2 = List.copyOf(subscribers);
        }
        for (Subscriber s : now2) {
            if (s.wants(entry.labels())) {
                s.listener().exited(exit);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        informer.close();
    }
}
