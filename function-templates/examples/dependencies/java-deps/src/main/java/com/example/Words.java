package com.example;

import io.stoker.function.Handler;
import io.stoker.function.Request;
import io.stoker.function.Response;
import org.apache.commons.text.CaseUtils;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.commons.text.WordUtils;

/** Reshapes the words of the body with Apache Commons Text, a library from Maven Central. */
public class Words implements Handler {

    /** Bumped by hand (and by the tests) to see a code-only redeploy reuse the dependency layers. */
    private static final int REVISION = 1;

    private final String greeting = System.getenv().getOrDefault("GREETING", "hello from java with dependencies");

    @Override
    public Response handle(Request request) throws Exception {
        String text = request.bodyAsString().isBlank() ? "hello stoker world" : request.bodyAsString().trim();
        String version = CaseUtils.class.getPackage().getImplementationVersion();
        String json = "{\"message\":\"" + StringEscapeUtils.escapeJson(greeting) + "\""
                + ",\"camel\":\"" + StringEscapeUtils.escapeJson(CaseUtils.toCamelCase(text, false)) + "\""
                + ",\"title\":\"" + StringEscapeUtils.escapeJson(WordUtils.capitalizeFully(text)) + "\""
                + ",\"library\":\"commons-text@" + version + "\""
                + ",\"revision\":" + REVISION + "}";
        return Response.json(200, json);
    }
}
