package io.stoker.runtime.engine;

/**
 * Credentials for one registry, handed to the engine for a pull, a push or a login check.
 *
 * @param host the registry host with its port, as image references name it ({@code 127.0.0.1:5000})
 * @param username the user name
 * @param password the password or token; never printed ({@link #toString()} leaves it out)
 */
public record RegistryAuth(String host, String username, String password) {

    @Override
    public String toString() {
        return "RegistryAuth[host=" + host + ", username=" + username + ", password=(hidden)]";
    }
}
