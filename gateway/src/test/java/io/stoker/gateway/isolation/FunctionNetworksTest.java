package io.stoker.gateway.isolation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stoker.runtime.engine.ContainerEngine;
import io.stoker.runtime.engine.EngineException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The address ranges of function networks, on a stand-in engine that answers only managedSubnets. */
class FunctionNetworksTest {

    private final AtomicReference<Object> answer = new AtomicReference<>(List.of());

    private final ContainerEngine engine = (ContainerEngine) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {ContainerEngine.class}, (proxy, method, args) -> {
                if (!method.getName().equals("managedSubnets")) {
                    throw new UnsupportedOperationException(method.getName());
                }
                if (answer.get() instanceof RuntimeException e) {
                    throw e;
                }
                return answer.get();
            });

    @Test
    void addressesInsideAFunctionNetworkAreFunctionsAndOthersAreNot() {
        FunctionNetworks networks = new FunctionNetworks(engine);
        assertThat(networks.isFunction("172.18.0.5")).isFalse();
        answer.set(List.of("172.18.0.0/16", "192.168.16.0/20", "fd00:1::/64"));
        networks.refresh();
        assertThat(networks.isFunction("172.18.0.5")).isTrue();
        assertThat(networks.isFunction("172.18.255.254")).isTrue();
        assertThat(networks.isFunction("172.19.0.5")).isFalse();
        assertThat(networks.isFunction("192.168.31.7")).isTrue();
        assertThat(networks.isFunction("192.168.32.1")).isFalse();
        assertThat(networks.isFunction("::ffff:172.18.0.9")).isTrue();
        assertThat(networks.isFunction("fd00:1::9")).isTrue();
        assertThat(networks.isFunction("[fd00:1::9]")).isTrue();
        assertThat(networks.isFunction("fd00:2::9")).isFalse();
        assertThat(networks.isFunction("127.0.0.1")).isFalse();
        assertThat(networks.isFunction("not-an-address.example")).isFalse();
        assertThat(networks.isFunction("")).isFalse();
        assertThat(networks.isFunction(null)).isFalse();
    }

    @Test
    void anEngineThatDoesNotAnswerKeepsTheRangesKnownAndRangesAreNeverDropped() {
        FunctionNetworks networks = new FunctionNetworks(engine);
        answer.set(List.of("10.1.0.0/24", "not a range"));
        networks.refresh();
        answer.set(new EngineException("the engine does not answer"));
        networks.refresh();
        assertThat(networks.isFunction("10.1.0.77")).isTrue();
        answer.set(List.of("10.2.0.0/24", "10.2.0.0/24"));
        networks.refresh();
        assertThat(networks.ranges()).containsExactly("10.1.0.0/24", "10.2.0.0/24");
    }

    @Test
    void rangesAreReadToTheBit() {
        Subnet odd = Subnet.parse("10.0.0.128/25");
        assertThat(odd.contains(Subnet.literal("10.0.0.200"))).isTrue();
        assertThat(odd.contains(Subnet.literal("10.0.0.127"))).isFalse();
        assertThat(Subnet.parse("0.0.0.0/0").contains(Subnet.literal("8.8.8.8"))).isTrue();
        assertThat(Subnet.parse("10.0.0.1").contains(Subnet.literal("10.0.0.1"))).isTrue();
        assertThat(Subnet.parse("10.0.0.1").contains(Subnet.literal("10.0.0.2"))).isFalse();
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/33")).hasMessageContaining("out of range");
        assertThatThrownBy(() -> Subnet.parse("10.0.0.0/x")).hasMessageContaining("prefix");
        assertThatThrownBy(() -> Subnet.parse("example.org/8")).hasMessageContaining("not an IP range");
    }
}
