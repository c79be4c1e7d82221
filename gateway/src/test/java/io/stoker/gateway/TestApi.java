package io.stoker.gateway;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/** What the tests do through the management API, as a client would. */
final class TestApi {

    static final ObjectMapper JSON = new ObjectMapper();
    static volatile Path home;

    private TestApi() {}

    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("function-templates"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root (with function-templates/)");
        }
        return dir;
    }

    static Path example(String name) {
        return repo().resolve("function-templates/examples").resolve(name);
    }

    static String token() {
        try {
            return Files.readString(home.resolve("token")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static RequestSpecification api() {
        return given().header("Authorization", "Bearer " + token());
    }

    /**
     * Uploads a folder as the CLI does and returns the NDJSON events. A build may print nothing for
     * a while (a package manager downloading): the read timeout is the CLI's order, not the test
     * client's default 30 s.
     */
    static List<JsonNode> deploySource(String name, Path folder) {
        io.restassured.config.RestAssuredConfig config = io.restassured.RestAssured.config();
        return events(api().config(config.httpClient(config.getHttpClientConfig()
                        .setParam("http.socket.timeout", 600_000)))
                .contentType("application/gzip").body(tarGz(folder))
                .post("/v1/functions/" + name + "/source"));
    }

    static List<JsonNode> events(Response response) {
        if (response.statusCode() != 200) {
            throw new AssertionError("upload answered " + response.statusCode() + ": " + response.asString());
        }
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.asString().split("\n")) {
            if (!line.isBlank()) {
                try {
                    events.add(JSON.readTree(line));
                } catch (IOException e) {
                    throw new AssertionError("not NDJSON: " + line, e);
                }
            }
        }
        return events;
    }

    static JsonNode last(List<JsonNode> events) {
        return events.get(events.size() - 1);
    }

    /** Deploys from source and fails with the gateway's own words unless the last event is "ready". */
    static JsonNode deployReady(String name, Path folder) {
        List<JsonNode> events = deploySource(name, folder);
        JsonNode last = last(events);
        if (!"ready".equals(last.path("event").asText())) {
            throw new AssertionError("deploy of " + name + " did not end ready: " + events);
        }
        return last.get("function");
    }

    static JsonNode describe(String name) {
        return readJson(api().get("/v1/functions/" + name).then().statusCode(200).extract().asString());
    }

    static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    static byte[] tarGz(Path folder) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes));
             Stream<Path> walk = Files.walk(folder)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                TarArchiveEntry entry = new TarArchiveEntry(p.toFile(), folder.relativize(p).toString());
                tar.putArchiveEntry(entry);
                Files.copy(p, tar);
                tar.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
