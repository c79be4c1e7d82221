package io.stoker.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** The one shape of every error Stoker itself answers: {@code {"error": code, "message": text}}. */
public final class ApiError {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiError() {}

    public static Map<String, String> body(String code, String message) {
        return Map.of("error", code, "message", message);
    }

    public static String json(String code, String message) {
        try {
            return JSON.writeValueAsString(body(code, message));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Response response(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(json(code, message)).build();
    }
}
