package io.stoker.gateway.api;

import io.stoker.gateway.images.ImageService;
import jakarta.ws.rs.WebApplicationException;

/** Checks a push target given by a client ({@code ?push=REPO}, a push's {@code repository}) before any work starts. */
final class PushParameter {

    private PushParameter() {}

    static void check(String repository, String image) {
        try {
            ImageService.target(repository, image);
        } catch (IllegalArgumentException e) {
            throw new WebApplicationException(ApiError.response(400, "invalid_parameter",
                    "push: " + e.getMessage() + " (e.g. 127.0.0.1:5000/team/hello or 127.0.0.1:5000/team/hello:v1)"));
        }
    }
}
