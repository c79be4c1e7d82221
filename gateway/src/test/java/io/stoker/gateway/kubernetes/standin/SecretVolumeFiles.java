package io.stoker.gateway.kubernetes.standin;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The stand-in's half of a kubelet for {@code secret} volumes: the Secret's data as files in a directory on the host's
 * tmpfs, which {@link PodContainers} mounts read-only. As a kubelet does (its volume ownership step, for a read-only
 * volume): files owned by root with the volume's defaultMode, and with the pod's fsGroup given that group and group
 * read added (0400 becomes 0440, root:fsGroup). Not done: the kubelet's atomic writer (the {@code ..data} symlinks),
 * {@code items}, live updates of a changed Secret. A Secret that is missing fails the pod, as CreateContainerConfigError.
 */
final class SecretVolumeFiles {

    private SecretVolumeFiles() {}

    /** Volume name → host directory, for every secret volume of {@code pod}, written now. */
    static Map<String, Path> write(KubernetesClient client, String namespace, Pod pod, String prefix) {
        Map<String, Path> dirs = new HashMap<>();
        Long fsGroup = pod.getSpec().getSecurityContext() == null ? null
                : pod.getSpec().getSecurityContext().getFsGroup();
        try {
            for (Volume v : pod.getSpec().getVolumes()) {
                if (v.getSecret() == null) {
                    continue;
                }
                String name = v.getSecret().getSecretName();
                Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
                if (secret == null) {
                    throw new IllegalStateException("secret \"" + name + "\" not found");
                }
                int mode = v.getSecret().getDefaultMode() == null ? 0644 : v.getSecret().getDefaultMode();
                Path dir = Files.createTempDirectory(Path.of("/dev/shm"), prefix + "-" + v.getName() + "-");
                dirs.put(v.getName(), dir);
                Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
                for (Map.Entry<String, String> e : data.entrySet()) {
                    Path file = dir.resolve(e.getKey());
                    Files.write(file, Base64.getDecoder().decode(e.getValue()));
                    own(file, fsGroup == null ? mode : mode | 0440, fsGroup);
                }
                own(dir, fsGroup == null ? 0755 : 0750, fsGroup);
            }
            return dirs;
        } catch (IOException e) {
            delete(dirs);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            delete(dirs);
            throw e;
        }
    }

    static void delete(Map<String, Path> dirs) {
        for (Path dir : dirs.values()) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (IOException e) {
                // a tmpfs directory named after this stand-in: harmless if left
            }
        }
    }

    private static void own(Path p, int mode, Long group) throws IOException {
        if (group != null) {
            Files.setAttribute(p, "unix:gid", group.intValue());
        }
        Files.setPosixFilePermissions(p, permissions(mode));
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
