package io.stoker.runtime.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The little of a Dockerfile the {@link FakeEngine} needs: its steps, the FROM image and the last
 * USER, with ARG defaults and build arguments substituted.
 */
record FakeDockerfile(List<String> steps, String from, String user) {

    private static final Pattern VAR = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    static FakeDockerfile parse(String text, Map<String, String> buildArgs) {
        Map<String, String> args = new HashMap<>();
        List<String> steps = new ArrayList<>();
        String from = null;
        String user = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            steps.add(line);
            String[] parts = line.split("\\s+", 2);
            String word = parts[0].toUpperCase(java.util.Locale.ROOT);
            String rest = parts.length > 1 ? substitute(parts[1], args) : "";
            switch (word) {
                case "ARG" -> {
                    String[] kv = parts[1].split("=", 2);
                    args.put(kv[0], buildArgs.getOrDefault(kv[0], kv.length > 1 ? kv[1] : ""));
                }
                case "FROM" -> from = rest.split("\\s+")[0];
                case "USER" -> user = rest;
                default -> { }
            }
        }
        if (from == null) {
            throw new EngineException("build: the Dockerfile has no FROM");
        }
        return new FakeDockerfile(List.copyOf(steps), from, user);
    }

    private static String substitute(String text, Map<String, String> args) {
        Matcher m = VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            m.appendReplacement(out, Matcher.quoteReplacement(args.getOrDefault(name, "")));
        }
        m.appendTail(out);
        return out.toString();
    }
}
