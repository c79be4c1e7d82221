package io.stoker.runtime.instance;

import io.stoker.runtime.engine.SecretMount;
import io.stoker.runtime.spec.FunctionSpec;
import java.util.List;

/**
 * Where the secrets a spec names come from when one of its instances starts: the implementation writes each as files
 * its user alone may read and says where they are. The launcher asks before every create; asking again for the same
 * version gives the same mounts.
 */
public interface SecretFiles {

    /**
     * The mounts for one version of a function.
     *
     * @param spec the function (its {@code secrets} are the names to give)
     * @param specHash the version whose instances share the files
     * @param user the container's user ("uid:gid" or "uid"), who is to own the files
     * @throws LaunchException when a secret is missing or the files cannot be written
     */
    List<SecretMount> mountsFor(FunctionSpec spec, String specHash, String user);

    /** No secret source: fine for specs without secrets, a clear failure for those with some. */
    SecretFiles NONE = (spec, hash, user) -> {
        if (!spec.secrets().isEmpty()) {
            throw new LaunchException("function '" + spec.name() + "' names secrets " + spec.secrets()
                    + ", but this launcher has no secret store");
        }
        return List.of();
    };
}
