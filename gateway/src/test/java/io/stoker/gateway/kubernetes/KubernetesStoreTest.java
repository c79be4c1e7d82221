package io.stoker.gateway.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.stoker.gateway.kubernetes.functions.FunctionResource;
import io.stoker.gateway.kubernetes.functions.KubernetesFunctionStore;
import io.stoker.gateway.registry.FunctionStore;
import io.stoker.gateway.registry.FunctionStore.Stored;
import io.stoker.gateway.registry.StoreConflict;
import io.stoker.runtime.instance.SpecHash;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecParser;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry's Kubernetes store, as two gateway replicas use it, against the API server stand-in (fabric8's mock
 * server in CRUD mode): what one writes the other reads and hears of; a write that does not start from what is
 * stored is a conflict that changes nothing.
 */
class KubernetesStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private ApiServerStandIn apiServer;
    private KubernetesClient clientA;
    private KubernetesClient clientB;
    private KubernetesFunctionStore a;
    private KubernetesFunctionStore b;

    @BeforeEach
    void start() {
        apiServer = ApiServerStandIn.start();
        clientA = apiServer.client();
        clientB = apiServer.client();
        a = new KubernetesFunctionStore(clientA, ApiServerStandIn.NAMESPACE, "gateway-a");
        b = new KubernetesFunctionStore(clientB, ApiServerStandIn.NAMESPACE, "gateway-b");
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
        clientA.close();
        clientB.close();
        apiServer.close();
    }

    @Test
    void whatOneReplicaStoresTheOtherReadsAsTheSameSpec() {
        FunctionSpec spec = spec("shared", "img:1");
        a.save(new Stored(spec, T0, T0.plusSeconds(1)), null);

        Stored read = b.load("shared").orElseThrow();
        assertThat(SpecHash.of(read.spec())).isEqualTo(SpecHash.of(spec));
        assertThat(read.createdAt()).isEqualTo(T0);
        assertThat(read.updatedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(b.loadAll()).extracting(s -> s.spec().name()).containsExactly("shared");

        FunctionResource r = clientB.resources(FunctionResource.class).withName("shared").get();
        assertThat(r.getStatus().getSpecHash()).isEqualTo(SpecHash.of(spec));
        assertThat(r.getStatus().getWrittenBy()).isEqualTo("gateway-a");
        assertThat(r.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "stoker");
    }

    @Test
    void anUpdateFromAStaleVersionIsAConflictAndTheOtherReplicasWriteStays() {
        FunctionSpec v1 = spec("race", "img:1");
        a.save(new Stored(v1, T0, T0), null);
        String h1 = SpecHash.of(v1);
        // Both replicas serve v1; A updates first, B's update still starts from v1.
        a.save(new Stored(spec("race", "img:2"), T0, T0.plusSeconds(5)), h1);
        assertThatThrownBy(() -> b.save(new Stored(spec("race", "img:3"), T0, T0.plusSeconds(6)), h1))
                .isInstanceOf(StoreConflict.class).hasMessageContaining("another gateway");
        assertThat(a.load("race").orElseThrow().spec().image()).isEqualTo("img:2");

        // Two creates of one new name: the second is a conflict.
        b.save(new Stored(spec("fresh", "img:b"), T0, T0), null);
        assertThatThrownBy(() -> a.save(new Stored(spec("fresh", "img:a"), T0, T0), null))
                .isInstanceOf(StoreConflict.class);
        assertThat(b.load("fresh").orElseThrow().spec().image()).isEqualTo("img:b");

        // A delete from a stale version changes nothing either; from the stored one it removes the function.
        assertThatThrownBy(() -> b.delete("race", h1)).isInstanceOf(StoreConflict.class);
        assertThat(b.load("race")).isPresent();
        b.delete("race", SpecHash.of(spec("race", "img:2")));
        assertThat(a.load("race")).isEmpty();
        a.delete("race", null); // gone already: no error
    }

    @Test
    void aReplicaHearsOfTheOthersCreatesUpdatesAndDeletes() {
        Set<String> heard = ConcurrentHashMap.newKeySet();
        b.watch(heard::add);
        a.save(new Stored(spec("heard", "img:1"), T0, T0), null);
        await().alias("B hears of A's create").atMost(Duration.ofSeconds(20)).until(() -> heard.contains("heard"));
        heard.clear();
        a.save(new Stored(spec("heard", "img:2"), T0, T0), SpecHash.of(spec("heard", "img:1")));
        await().alias("B hears of A's update").atMost(Duration.ofSeconds(20)).until(() -> heard.contains("heard"));
        heard.clear();
        a.delete("heard", SpecHash.of(spec("heard", "img:2")));
        await().alias("B hears of A's delete").atMost(Duration.ofSeconds(20)).until(() -> heard.contains("heard"));
        assertThat(b.load("heard")).isEmpty();
    }

    @Test
    void aResourceThatIsNotAValidFunctionIsSkippedAndKept() {
        a.save(new Stored(spec("good", "img:1"), T0, T0), null);
        GenericKubernetesResource bad = new GenericKubernetesResource();
        bad.setApiVersion("stoker.io/v1");
        bad.setKind("Function");
        bad.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder().withName("bad").build());
        bad.setAdditionalProperty("spec", java.util.Map.of("name", "bad", "image", "img:1", "port", "not-a-port"));
        clientA.genericKubernetesResources("stoker.io/v1", "Function").resource(bad).create();

        List<Stored> all = b.loadAll();
        assertThat(all).extracting(s -> s.spec().name()).containsExactly("good");
        assertThatThrownBy(() -> b.load("bad")).as("not read as deleted").isInstanceOf(FunctionStore.Unreadable.class);
        assertThatThrownBy(() -> a.save(new Stored(spec("bad", "img:2"), T0, T0), null))
                .isInstanceOf(StoreConflict.class).hasMessageContaining("delete function bad");
        assertThat(clientA.genericKubernetesResources("stoker.io/v1", "Function").withName("bad").get()).isNotNull();
    }

    private static FunctionSpec spec(String name, String image) {
        return SpecParser.parse("name: " + name + "\nimage: " + image + "\n");
    }

}
