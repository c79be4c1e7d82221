package io.stoker.gateway.api;

import io.stoker.gateway.build.UploadException;
import io.stoker.gateway.build.BuildGate;
import io.stoker.gateway.registry.DeployException;
import io.stoker.gateway.registry.StoreConflict;
import io.stoker.runtime.build.UnsafeArchiveException;
import io.stoker.runtime.engine.EngineException;
import io.stoker.runtime.engine.RegistryException;
import io.stoker.runtime.spec.SpecException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns failures of the management API into the one JSON error shape, with a 4xx for bad input. */
public class ErrorMappers {

    @ServerExceptionMapper
    public Response spec(SpecException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("error", "invalid_spec", "key", e.key(), "message", e.getMessage())).build();
    }

    @ServerExceptionMapper
    public Response archive(UnsafeArchiveException e) {
        return ApiError.response(400, "invalid_archive", e.getMessage());
    }

    @ServerExceptionMapper
    public Response upload(UploadException e) {
        return ApiError.response(400, "invalid_upload", e.getMessage());
    }

    @ServerExceptionMapper
    public Response cannotBuild(BuildGate.CannotBuild e) {
        return ApiError.response(400, "cannot_build", e.getMessage());
    }

    /** Another gateway changed the function first: nothing was changed, the caller looks again and retries. */
    @ServerExceptionMapper
    public Response conflict(StoreConflict e) {
        return ApiError.response(409, "function_conflict", e.getMessage());
    }

    @ServerExceptionMapper
    public Response deploy(DeployException e) {
        return ApiError.response(422, "deploy_failed", e.getMessage()
                + " (what was deployed before still serves)");
    }

    /**
     * A registry's answer: a missing image and refused credentials are the client's to fix (400), a registry that
     * does not answer is an outage upstream (502). The body names the image (or registry host) at fault.
     */
    @ServerExceptionMapper
    public Response registry(RegistryException e) {
        int status = switch (e.reason()) {
            case NOT_FOUND, DENIED -> 400;
            case UNREACHABLE, FAILED -> 502;
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(Map.of(
                "error", registryCode(e.reason()), "image", e.reference(), "message", e.getMessage())).build();
    }

    static String registryCode(RegistryException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> "image_not_found";
            case DENIED -> "registry_denied";
            case UNREACHABLE -> "registry_unreachable";
            case FAILED -> "registry_failed";
        };
    }

    @ServerExceptionMapper
    public Response engine(EngineException e) {
        if (e instanceof EngineException.NotFound) {
            return ApiError.response(404, "not_found", e.getMessage());
        }
        if (e instanceof EngineException.Unsupported) {
            return ApiError.response(400, "unsupported_by_engine", e.getMessage());
        }
        return ApiError.response(503, "engine_unavailable", e.getMessage());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        if (e.getResponse().hasEntity()) {
            return e.getResponse();
        }
        int status = e.getResponse().getStatus();
        String code = status == 404 ? "not_found" : status == 405 ? "method_not_allowed"
                : status == 415 ? "unsupported_media_type" : "http_" + status;
        return ApiError.response(status, code, e.getMessage());
    }
}
