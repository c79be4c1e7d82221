package io.stoker.gateway.registry;

import io.stoker.gateway.secrets.HostSecretFiles;
import io.stoker.gateway.secrets.SecretStore;
import io.stoker.runtime.instance.SpecHash;
import io.stoker.runtime.spec.FunctionSpec;
import io.stoker.runtime.spec.SpecException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What the secrets a function names add to its version: their versions enter its hash (a secret's update makes a new
 * version of every function naming it, whose instances see the new files), a missing one refuses the deploy, and a
 * version's files go with it.
 */
@ApplicationScoped
public class SecretVersions {

    private final SecretStore store;
    private final HostSecretFiles files;

    public SecretVersions(SecretStore store, HostSecretFiles files) {
        this.store = store;
        this.files = files;
    }

    /** Throws a 400 naming the first secret the spec names that does not exist. */
    public void requireExisting(FunctionSpec spec) {
        List<String> missing = spec.secrets().stream().filter(n -> store.get(n).isEmpty()).toList();
        if (!missing.isEmpty()) {
            throw new SpecException("secrets", "no secret named " + missing.stream().map(n -> "'" + n + "'")
                    .collect(Collectors.joining(", ")) + " exists; create it first: stoker secret create "
                    + missing.get(0) + " --from-literal KEY=VALUE");
        }
    }

    /**
     * The spec's hash with the versions of its secrets (random per write, so the hash tells nothing of the values). A
     * spec without secrets keeps {@link SpecHash#of(FunctionSpec)}. A secret deleted meanwhile counts as version "".
     */
    public String hashOf(FunctionSpec spec) {
        if (spec.secrets().isEmpty()) {
            return SpecHash.of(spec);
        }
        String extra = spec.secrets().stream()
                .map(n -> "secret " + n + "=" + store.get(n).map(SecretStore.Meta::version).orElse(""))
                .collect(Collectors.joining("\n"));
        return SpecHash.of(spec, extra);
    }

    void release(String function, String specHash) {
        files.release(function, specHash);
    }

    /** After a restart: keeps the files of the versions restored, removes any other. */
    void retainOnly(Collection<DeployedFunction> versions) {
        files.retainOnly(versions.stream().map(fn -> HostSecretFiles.versionName(fn.name(), fn.specHash()))
                .collect(Collectors.toSet()));
    }
}
