package io.stoker.gateway.api;

import io.stoker.gateway.build.UploadException;
import io.stoker.gateway.registry.DeployException;
import io.stoker.runtime.build.UnsafeArchiveException;
import io.stoker.runtime.engine.EngineException;
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
    public Response deploy(DeployException e) {
        return ApiError.response(422, "deploy_failed", e.getMessage()
                + " (what was deployed before still serves)");
    }

    @ServerExceptionMapper
    public Response engine(EngineException e) {
        if (e instanceof EngineException.NotFound) {
            return ApiError.response(404, "not_found", e.getMessage());
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
