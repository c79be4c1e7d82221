package io.stoker.runtime.engine;

import java.util.List;

/** Picks the local base images engine tests run on; no registry is reachable, so nothing is pulled. */
public final class TestImages {

    /** Built by deploy/base-images.sh. */
    public static final String BASE = "stoker/base:bookworm";
    /** Built by deploy/base-images.sh; has python3 (http.server). */
    public static final String PYTHON = "stoker/python:bookworm";
    /** Stand-in from src/test/resources/make-test-busybox.sh: sh, sleep, httpd. */
    public static final String BUSYBOX = "stoker/test-busybox:latest";

    private TestImages() {}

    /** The first of {@code candidates} the engine has, or a failure that says how to get one. */
    public static String firstPresent(ContainerEngine engine, String... candidates) {
        for (String image : candidates) {
            if (engine.inspectImage(image).isPresent()) {
                return image;
            }
        }
        throw new IllegalStateException("none of the images " + List.of(candidates) + " is on the engine: run "
                + "deploy/base-images.sh (or runtime/src/test/resources/make-test-busybox.sh for a stand-in)");
    }

    /** An image with sh and sleep. */
    public static String shellImage(ContainerEngine engine) {
        return firstPresent(engine, BASE, BUSYBOX);
    }
}
