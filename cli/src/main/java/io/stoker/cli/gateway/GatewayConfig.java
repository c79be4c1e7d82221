package io.stoker.cli.gateway;

import io.stoker.cli.CliException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the gateway is and how to authenticate: {@code --gateway}, else {@code STOKER_GATEWAY},
 * else {@value #DEFAULT_URL}; the token from {@code STOKER_TOKEN}, else the file
 * {@code $STOKER_HOME/token} (STOKER_HOME defaults to {@code ~/.stoker}).
 *
 * @param url the gateway's base URL, without a trailing slash
 * @param token the bearer token, if one was found
 * @param stokerHome the folder of the token, logs and pid files
 */
public record GatewayConfig(URI url, Optional<String> token, Path stokerHome) {

    public static final String DEFAULT_URL = "http://127.0.0.1:8080";

    public static GatewayConfig resolve(String option, Map<String, String> env, Path userHome) {
        String raw = option != null && !option.isBlank() ? option : env.get("STOKER_GATEWAY");
        String source = option != null && !option.isBlank() ? "--gateway" : "STOKER_GATEWAY";
        if (raw == null || raw.isBlank()) {
            raw = DEFAULT_URL;
        }
        URI url = parseUrl(raw.strip(), source);
        Path home = stokerHome(env, userHome);
        return new GatewayConfig(url, token(env, home), home);
    }

    /**
     * The local gateway that builds and pushes for another one that cannot build (a cluster's): {@code option}
     * ({@code --build-gateway}), else {@code STOKER_BUILD_GATEWAY}, else {@value #DEFAULT_URL}, the one
     * {@code bin/stoker up} runs. Its token: {@code STOKER_BUILD_TOKEN}, else the file {@code $STOKER_HOME/token} that
     * gateway wrote ({@code STOKER_TOKEN} is the other gateway's).
     */
    public static GatewayConfig localBuilder(String option, Map<String, String> env, Path userHome) {
        boolean given = option != null && !option.isBlank();
        String raw = given ? option : env.get("STOKER_BUILD_GATEWAY");
        if (raw == null || raw.isBlank()) {
            raw = DEFAULT_URL;
        }
        URI url = parseUrl(raw.strip(), given ? "--build-gateway" : "STOKER_BUILD_GATEWAY");
        Path home = stokerHome(env, userHome);
        String token = env.get("STOKER_BUILD_TOKEN");
        return new GatewayConfig(url, token(token == null ? Map.of() : Map.of("STOKER_TOKEN", token), home), home);
    }

    public static Path stokerHome(Map<String, String> env, Path userHome) {
        String h = env.get("STOKER_HOME");
        return h != null && !h.isBlank() ? Path.of(h) : userHome.resolve(".stoker");
    }

    public Path tokenFile() {
        return stokerHome.resolve("token");
    }

    /** The URL with {@code path} appended ({@code path} starts with '/'). */
    public URI resolve(String path) {
        return URI.create(url + path);
    }

    private static Optional<String> token(Map<String, String> env, Path home) {
        String t = env.get("STOKER_TOKEN");
        if (t != null && !t.isBlank()) {
            return Optional.of(t.strip());
        }
        Path file = home.resolve("token");
        try {
            if (Files.isReadable(file)) {
                String s = Files.readString(file, StandardCharsets.UTF_8).strip();
                return s.isEmpty() ? Optional.empty() : Optional.of(s);
            }
        } catch (IOException e) {
            // unreadable: go without a token; the gateway's 401 then says what to do
        }
        return Optional.empty();
    }

    private static URI parseUrl(String raw, String source) {
        try {
            URI u = new URI(raw.endsWith("/") ? raw.substring(0, raw.length() - 1) : raw);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new CliException(
                        source + " '" + raw + "' is not an http:// or https:// URL (e.g. " + DEFAULT_URL + ")", 2);
            }
            if (u.getQuery() != null || u.getFragment() != null) {
                throw new CliException(source + " '" + raw + "' must not have a query or fragment", 2);
            }
            return u;
        } catch (URISyntaxException e) {
            throw new CliException(source + " '" + raw + "' is not a valid URL: " + e.getReason(), 2);
        }
    }
}
