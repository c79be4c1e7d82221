package io.stoker.gateway.call;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class HopByHopTest {

    @Test
    void connectionHeadersAreRecognisedInAnyCase() {
        assertThat(HopByHop.is("Transfer-Encoding")).isTrue();
        assertThat(HopByHop.is("KEEP-ALIVE")).isTrue();
        assertThat(HopByHop.is("te")).isTrue();
        assertThat(HopByHop.is("Content-Type")).isFalse();
        assertThat(HopByHop.is("tea")).isFalse();
    }

    @Test
    void copyDropsHopByHopHeadersAndThoseTheConnectionHeaderNames() {
        MultiMap from = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "text/plain")
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("Keep-Alive", "timeout=5")
                .add("x-secret-hop", "drop me")
                .add("Alive", "a header whose name is part of a token, not a token")
                .add("Accept", "a")
                .add("Accept", "b");
        MultiMap to = MultiMap.caseInsensitiveMultiMap();
        HopByHop.copy(from, to);
        assertThat(to.names()).containsExactlyInAnyOrder("Content-Type", "Alive", "Accept");
        assertThat(to.getAll("accept")).containsExactly("a", "b");
    }

    @Test
    void presentTellsWhetherAnyHeaderIsHopByHop() {
        assertThat(HopByHop.present(MultiMap.caseInsensitiveMultiMap().add("Host", "x").add("Accept", "*/*"))).isFalse();
        assertThat(HopByHop.present(MultiMap.caseInsensitiveMultiMap().add("Host", "x").add("Connection", "keep-alive")))
                .isTrue();
        assertThat(HopByHop.present(MultiMap.caseInsensitiveMultiMap().add("TE", "trailers"))).isTrue();
    }
}
