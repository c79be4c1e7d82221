package io.stoker.gateway.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns Stoker's TLS settings ({@code stoker.tls.cert}, {@code .key}, {@code .port}, {@code .plain-http}) into
 * Quarkus's: the default key store of the TLS registry ({@code quarkus.tls.key-store.pem.*}), the HTTPS port, and
 * whether plain HTTP stays on. Nothing is set while no certificate is named, so the gateway serves plain HTTP as
 * before. A config source rather than expressions in application.properties: an expression cannot leave a TLS key
 * unset.
 */
public final class TlsSettings implements ConfigSourceFactory {

    /** Below environment variables (300) and system properties (400): a {@code quarkus.*} setting given there wins. */
    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> props = properties(value(context, "stoker.tls.cert"), value(context, "stoker.tls.key"),
                value(context, "stoker.tls.port"), value(context, "stoker.tls.plain-http"));
        return props.isEmpty() ? List.of() : List.of(new PropertiesConfigSource(props, "stoker.tls", ORDINAL));
    }

    /** The Quarkus settings for these Stoker ones (null: not set); empty when TLS is off. */
    static Map<String, String> properties(String cert, String key, String port, String plainHttp) {
        if (cert == null && key == null) {
            return Map.of();
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("stoker.tls.cert and stoker.tls.key go together (PEM files of the"
                    + " certificate chain and its private key); only " + (cert == null ? "the key" : "the certificate")
                    + " is set");
        }
        Map<String, String> props = new TreeMap<>();
        props.put("quarkus.tls.key-store.pem.stoker.cert", cert);
        props.put("quarkus.tls.key-store.pem.stoker.key", key);
        props.put("quarkus.http.ssl-port", port == null ? "8443" : port);
        props.put("quarkus.http.insecure-requests", Boolean.parseBoolean(plainHttp) ? "enabled" : "disabled");
        return props;
    }

    private static String value(ConfigSourceContext context, String name) {
        ConfigValue v = context.getValue(name);
        return v == null || v.getValue() == null || v.getValue().isBlank() ? null : v.getValue().strip();
    }
}
