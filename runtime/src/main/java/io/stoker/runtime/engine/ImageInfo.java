package io.stoker.runtime.engine;

import java.util.List;

/**
 * A local image.
 *
 * @param id image id (sha256:...)
 * @param user the image's USER, empty when it names none (root)
 * @param tags its tags
 */
public record ImageInfo(String id, String user, List<String> tags) {}
