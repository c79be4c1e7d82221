package io.stoker.runtime.engine;

import java.util.List;

/**
 * A local image.
 *
 * @param id image id (sha256:...)
 * @param user the image's USER, empty when it names none (root)
 * @param tags its tags
 * @param repoDigests the registry digests the engine knows for it, as {@code repository@sha256:…} (an image that
 *     was pulled from or pushed to a registry has one per repository; one only built here has none)
 */
public record ImageInfo(String id, String user, List<String> tags, List<String> repoDigests) {

    public ImageInfo(String id, String user, List<String> tags) {
        this(id, user, tags, List.of());
    }

    /** The digest ({@code sha256:…}) this image has in {@code repository}, or "" when the engine knows none. */
    public String digestIn(String repository) {
        for (String rd : repoDigests) {
            int at = rd.indexOf('@');
            if (at > 0 && rd.substring(0, at).equals(repository)) {
                return rd.substring(at + 1);
            }
        }
        return "";
    }
}
