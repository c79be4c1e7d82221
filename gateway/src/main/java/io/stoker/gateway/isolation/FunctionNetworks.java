package io.stoker.gateway.isolation;

import io.stoker.runtime.engine.ContainerEngine;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The address ranges of every network Stoker made for functions on the engine (this gateway's, its internal twin, and
 * other gateways'), asked of the engine when a network is made, at each (re)connect and every
 * {@value #REFRESH_SECONDS} s; never per request. A request whose peer is inside one comes from a function container.
 */
@ApplicationScoped
public class FunctionNetworks {

    static final int REFRESH_SECONDS = 30;
    private static final Logger LOG = Logger.getLogger(FunctionNetworks.class);

    private final ContainerEngine engine;
    private volatile List<Subnet> subnets = List.of();

    public FunctionNetworks(ContainerEngine engine) {
        this.engine = engine;
    }

    /**
     * Asks the engine again. An engine that does not answer keeps the ranges known so far (networks are not removed
     * while the gateway runs, so none known is stale in a way that lets a function through).
     */
    public void refresh() {
        List<String> cidrs;
        try {
            cidrs = engine.managedSubnets();
        } catch (RuntimeException e) {
            LOG.debugf("function networks not refreshed: %s", e.getMessage());
            return;
        }
        List<Subnet> parsed = new ArrayList<>(cidrs.size());
        for (String cidr : cidrs) {
            try {
                parsed.add(Subnet.parse(cidr));
            } catch (IllegalArgumentException e) {
                LOG.warnf("the engine named a network range Stoker cannot read, left out: %s", e.getMessage());
            }
        }
        // Ranges only ever added while running: a network another gateway removed stays refused, which is harmless.
        List<Subnet> merged = new ArrayList<>(subnets);
        for (Subnet s : parsed) {
            if (merged.stream().noneMatch(known -> known.prefix() == s.prefix()
                    && java.util.Arrays.equals(known.network(), s.network()))) {
                merged.add(s);
            }
        }
        subnets = List.copyOf(merged);
    }

    /** Whether {@code address} (an IP literal) is inside a function network. */
    public boolean isFunction(String address) {
        List<Subnet> known = subnets;
        if (known.isEmpty()) {
            return false;
        }
        byte[] bytes = Subnet.literal(address);
        for (Subnet s : known) {
            if (s.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** The ranges known, as CIDR text, for logs and tests. */
    public List<String> ranges() {
        List<String> out = new ArrayList<>();
        for (Subnet s : subnets) {
            try {
                out.add(java.net.InetAddress.getByAddress(s.network()).getHostAddress() + "/" + s.prefix());
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
