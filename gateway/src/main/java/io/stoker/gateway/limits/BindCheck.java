package io.stoker.gateway.limits;

import io.quarkus.runtime.StartupEvent;
import io.stoker.gateway.config.StokerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** At start: a gateway bound beyond loopback without TLS sends tokens and bodies in the clear; it says so. */
@ApplicationScoped
public class BindCheck {

    private static final Logger LOG = Logger.getLogger(BindCheck.class);

    private final String host;
    private final boolean tls;

    public BindCheck(@ConfigProperty(name = "quarkus.http.host") String host, StokerConfig config) {
        this.host = host;
        this.tls = config.tls().cert().isPresent();
    }

    void onStart(@Observes StartupEvent event) {
        warning(host, tls).ifPresent(LOG::warn);
    }

    /** The warning for a gateway bound to {@code host}, if it needs one. */
    static Optional<String> warning(String host, boolean tls) {
        if (tls || loopback(host)) {
            return Optional.empty();
        }
        return Optional.of("the gateway listens on " + host + ", beyond loopback, without TLS: the management token "
                + "and every call travel in the clear; set stoker.tls.cert and stoker.tls.key (docs/security.md)");
    }

    private static boolean loopback(String host) {
        try {
            // Literal addresses are not looked up; a name that does not resolve cannot be told safe.
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
