package io.stoker.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad input of every kind gets a clear 4xx with a JSON body, and nothing deployed changes. */
@QuarkusTest
@WithTestResource(StokerTestResource.class)
class BadInputTest {

    private String before;

    @BeforeEach
    void deployOneThatMustSurvive() {
        ObjectNode spec = TestFunctions.spec("survivor");
        if (TestApi.api().get("/v1/functions/survivor").statusCode() == 404) {
            TestFunctions.put(spec).then().statusCode(201);
        }
        before = names();
    }

    @Test
    void badNamesAreRefused() {
        for (String bad : new String[] {"Upper", "under_score", "-lead", "trail-", "x".repeat(64)}) {
            Response r = TestApi.api().contentType("application/json").body("{\"image\":\"stoker/python:bookworm\"}")
                    .put("/v1/functions/" + bad);
            assertError(r, 400, "invalid_spec", "name");
        }
        assertUnchanged();
    }

    @Test
    void badManifestsNameTheKey() {
        assertError(put("{\"name\":\"survivor\",\"image\":\"x\",\"limitz\":{}}"), 400, "invalid_spec", "limitz");
        assertError(put("{\"name\":\"survivor\",\"image\":\"x\",\"limits\":{\"memory\":\"lots\"}}"), 400, "invalid_spec",
                "limits.memory");
        assertError(put("{\"name\":\"survivor\",\"image\":\"x\",\"scale\":{\"min\":5,\"max\":2}}"), 400, "invalid_spec",
                "scale.min");
        assertError(put("{\"name\":\"survivor\",\"template\":\"cobol\",\"handler\":\"x\"}"), 400, "invalid_spec", "template");
        assertError(put("{\"name\":\"survivor\",\"image\":\"x\",\"build\":{\"args\":{\"A-B\":\"1\"}}}"), 400,
                "invalid_spec", "build.args.A-B");
        assertError(put("{\"name\":\"survivor\",\"image\":\"x\",\"build\":{\"args\":{\"PIP_INDEX_URL\":[\"a\"]}}}"), 400,
                "invalid_spec", "build.args.PIP_INDEX_URL");
        assertError(put("{\"name\":\"other\"}"), 400, "invalid_spec", "name");
        assertError(put("not json"), 400, "invalid_spec", "JSON");
        // An update to an image no registry can give is refused; the old version keeps serving. (A registry
        // that does not answer is an outage upstream: 502. RegistryTest covers a missing tag and a refused login.)
        assertError(put("{\"name\":\"survivor\",\"image\":\"127.0.0.1:1/stoker-test/does-not-exist:1\"}"), 502,
                "registry_unreachable", "127.0.0.1:1/stoker-test/does-not-exist:1");
        assertError(put("{\"name\":\"survivor\",\"image\":\"Not/An Image\"}"), 400, "invalid_spec", "image");
        given().body("still-here").post("/function/survivor/").then().statusCode(200);
        assertUnchanged();
    }

    @Test
    void unknownFunctionIs404WithJson() {
        assertError(given().get("/function"), 404, "function_not_found", "/function/<name>");
        assertError(given().get("/function/"), 404, "function_not_found", "/function/<name>");
        Response r = given().get("/function/no-such-function/x");
        assertError(r, 404, "function_not_found", "no-such-function");
        assertError(TestApi.api().get("/v1/functions/no-such-function"), 404, "function_not_found", "no-such-function");
        assertError(TestApi.api().delete("/v1/functions/no-such-function"), 404, "function_not_found", "no-such-function");
    }

    @Test
    void managementNeedsTheToken() {
        assertError(given().get("/v1/functions"), 401, "unauthorized", "bearer token");
        assertError(given().header("Authorization", "Bearer wrong").get("/v1/functions"), 401, "unauthorized", "not valid");
        assertError(given().delete("/v1/functions/survivor"), 401, "unauthorized", "bearer token");
        assertUnchanged();
    }

    @Test
    void oversizedBodyIs413() {
        byte[] big = new byte[2 * 1024 * 1024]; // the test profile's limit is 1M
        assertError(given().body(big).post("/function/survivor/"), 413, "body_too_large", "limit");
        given().body("small").post("/function/survivor/").then().statusCode(200);
    }

    @Test
    void tarEntryThatEscapesItsFolderIsRefused() throws IOException {
        Path outside = Path.of("/tmp/stoker-escape-probe");
        Files.deleteIfExists(outside);
        byte[] evil = tarGz("stoker.yaml", "name: survivor\ntemplate: python\nhandler: handler.handle\n",
                "../../../../../../tmp/stoker-escape-probe", "pwned");
        Response r = TestApi.api().contentType("application/gzip").body(evil).post("/v1/functions/survivor/source");
        assertError(r, 400, "invalid_archive", "stoker-escape-probe");
        assertThat(outside).doesNotExist();
        assertUnchanged();
    }

    @Test
    void uploadsWithoutAManifestOrForAnotherNameAreRefused() throws IOException {
        assertError(TestApi.api().contentType("application/gzip").body(tarGz("README.md", "hi"))
                .post("/v1/functions/survivor/source"), 400, "invalid_upload", "stoker.yaml");
        assertError(TestApi.api().contentType("application/gzip")
                .body(tarGz("stoker.yaml", "name: other\ntemplate: python\nhandler: h.h\n"))
                .post("/v1/functions/survivor/source"), 400, "invalid_spec", "other");
        assertError(TestApi.api().contentType("application/gzip")
                .body(tarGz("stoker.yaml", "name: survivor\ntemplate: dockerfile\n"))
                .post("/v1/functions/survivor/source"), 400, "invalid_upload", "Dockerfile");
        Response garbage = TestApi.api().contentType("application/gzip").body("not a tarball".getBytes(StandardCharsets.UTF_8))
                .post("/v1/functions/survivor/source");
        assertThat(garbage.statusCode()).as(garbage.asString()).isEqualTo(400);
        assertThat(garbage.jsonPath().getString("error")).isIn("invalid_archive", "invalid_upload");
        assertUnchanged();
    }

    private static Response put(String body) {
        return TestApi.api().contentType("application/json").body(body).put("/v1/functions/survivor");
    }

    private void assertUnchanged() {
        assertThat(names()).isEqualTo(before);
        given().get("/function/survivor/").then().statusCode(200);
    }

    private static String names() {
        return TestApi.api().get("/v1/functions").then().statusCode(200).extract().jsonPath().getList("functions.name").toString();
    }

    private static void assertError(Response r, int status, String code, String mentions) {
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.jsonPath().getString("error")).isEqualTo(code);
        assertThat(r.jsonPath().getString("message")).contains(mentions);
    }

    private static byte[] tarGz(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GzipCompressorOutputStream(bytes))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i], true);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }
}
