package com.example;

import io.stoker.function.Handler;
import io.stoker.function.Request;
import io.stoker.function.Response;

/**
 * Says hello and echoes the call. Also: {@code /status/<code>} answers with that status, and
 * {@code /sleep/<ms>} waits that long first.
 */
public class Hello implements Handler {

    private final String greeting = System.getenv().getOrDefault("GREETING", "hello from java");

    @Override
    public Response handle(Request request) throws Exception {
        String path = request.path();
        int status = 200;
        if (path.startsWith("/status/")) {
            status = Integer.parseInt(path.substring("/status/".length()));
        } else if (path.startsWith("/sleep/")) {
            Thread.sleep(Long.parseLong(path.substring("/sleep/".length())));
        }
        String json = "{\"message\":" + quote(greeting)
                + ",\"method\":" + quote(request.method())
                + ",\"path\":" + quote(path)
                + ",\"query\":" + quote(request.query())
                + ",\"body\":" + quote(request.bodyAsString()) + "}";
        return Response.json(status, json);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
