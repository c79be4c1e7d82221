package io.stoker.gateway.kubernetes.engine;

import io.stoker.runtime.engine.RegistryAuth;
import java.util.Optional;

/** The stored login for a registry host, if any: the gateway's CredentialStore, or none (tests, no logins). */
@FunctionalInterface
public interface PullCredentials {

    PullCredentials NONE = host -> Optional.empty();

    Optional<RegistryAuth> forHost(String host);
}
