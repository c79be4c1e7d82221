package io.stoker.runtime.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates a function definition ({@code stoker.yaml}, or the same as JSON).
 *
 * <p>Unknown keys and bad values raise a {@link SpecException} that names the key; defaults fill
 * what is left out.
 */
public final class SpecParser {

    public static final Pattern NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    public static final Set<String> TEMPLATES = Set.of("java", "node", "python", "dockerfile");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern USER = Pattern.compile("([a-z_][a-z0-9_-]{0,31}|\\d{1,10})(:([a-z_][a-z0-9_-]{0,31}|\\d{1,10}))?");

    private static final Set<String> TOP = Set.of(
            "name", "template", "handler", "image", "port", "env", "user", "limits", "scale", "readiness", "triggers", "build",
            "async", "secrets", "auth", "egress");
    private static final Set<String> LIMITS = Set.of("memory", "cpu", "timeout", "concurrency", "rate", "burst");
    private static final Set<String> SCALE = Set.of(
            "min", "max", "idle", "target", "window", "panicWindow", "zeroGrace", "pauseAfter", "standby");
    private static final Set<String> READINESS = Set.of("path");
    private static final Set<String> BUILD = Set.of("args");
    private static final Set<String> ASYNC = Set.of("attempts", "backoff", "maxBackoff", "maxAge");
    /** Build-arg names as Dockerfile ARGs are commonly named (and as the shell can export them). */
    private static final Pattern BUILD_ARG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Stoker sets it from {@code handler:}; a second source of truth would only confuse. */
    private static final Set<String> RESERVED_BUILD_ARGS = Set.of("HANDLER");
    private static final int MAX_BUILD_ARGS = 64;
    private static final int MAX_SECRETS = 64;
    private static final int MAX_BUILD_ARG_VALUE = 4096;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private SpecParser() {}

    /** Parses YAML (JSON is YAML too). */
    public static FunctionSpec parse(String text) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException("", "not valid YAML or JSON: " + e.getOriginalMessage());
        }
        return parse(root);
    }

    public static FunctionSpec parse(JsonNode root) {
        if (root == null || !root.isObject()) {
            throw new SpecException("", "a function definition must be a mapping of keys to values");
        }
        checkKeys("", root, TOP);
        String name = text(root, "name", null);
        if (name == null || name.isEmpty()) {
            throw new SpecException("name", "is required");
        }
        checkName(name);
        String image = text(root, "image", "");
        if (!image.isEmpty()) {
            try {
                io.stoker.runtime.engine.ImageRef.parse(image);
            } catch (IllegalArgumentException e) {
                throw new SpecException("image", "is not an image reference ([host[:port]/]repository[:tag][@sha256:…]): "
                        + e.getMessage());
            }
        }
        String template = text(root, "template", "");
        if (image.isEmpty() && template.isEmpty()) {
            throw new SpecException("template", "give a template (java, node, python, dockerfile) or an image");
        }
        if (!template.isEmpty() && !TEMPLATES.contains(template)) {
            throw new SpecException("template", "'" + template + "' is not one of java, node, python, dockerfile");
        }
        String handler = text(root, "handler", "");
        if (handler.isEmpty() && (template.equals("java") || template.equals("python") || template.equals("node"))) {
            throw new SpecException("handler", "is required by the " + template + " template");
        }
        int port = integer(root, "port", "port", 8080, 1, 65535);
        Map<String, String> env = env(root.get("env"));
        String user = text(root, "user", "");
        if (!user.isEmpty() && !USER.matcher(user).matches()) {
            throw new SpecException("user", "'" + user + "' is not a user: write name, uid, name:group or uid:gid");
        }
        FunctionSpec.Limits limits = limits(object(root, "limits"));
        FunctionSpec.Scale scale = scale(object(root, "scale"));
        JsonNode readiness = object(root, "readiness");
        checkKeys("readiness.", readiness, READINESS);
        String path = text(readiness, "path", "", "readiness.path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new SpecException("readiness.path", "must start with '/'");
        }
        java.util.List<KafkaTrigger> kafka = TriggerParser.parse(name, root.get("triggers"));
        java.util.List<ScheduleTrigger> schedules = ScheduleParser.parse(root.path("triggers").get("schedule"));
        Map<String, String> buildArgs = buildArgs(object(root, "build"));
        AsyncSettings async = async(object(root, "async"));
        return new FunctionSpec(name, template, handler, image, port, env, user, limits, scale, path, kafka, buildArgs,
                async, schedules, secrets(root.get("secrets")), auth(text(root, "auth", "public")),
                egress(text(root, "egress", "internet")));
    }

    /** Throws unless {@code name} is a DNS label. */
    public static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SpecException("name", "'" + name + "' is not a valid name: use lower-case letters, digits"
                    + " and '-', start and end with a letter or digit, at most 63 characters");
        }
    }

    private static FunctionSpec.Limits limits(JsonNode node) {
        checkKeys("limits.", node, LIMITS);
        long memory = Quantities.memory("limits.memory", text(node, "memory", "256Mi", "limits.memory"));
        if (memory < 16L * 1024 * 1024) {
            throw new SpecException("limits.memory", "must be at least 16Mi");
        }
        double cpu = number(node, "cpu", "limits.cpu", 1.0);
        if (!(cpu >= 0.01 && cpu <= 64)) {
            throw new SpecException("limits.cpu", "must be between 0.01 and 64");
        }
        Duration timeout = Quantities.duration("limits.timeout", text(node, "timeout", "30s", "limits.timeout"));
        if (timeout.isZero() || timeout.compareTo(Duration.ofHours(1)) > 0) {
            throw new SpecException("limits.timeout", "must be more than 0 and at most 1h");
        }
        int concurrency = integer(node, "concurrency", "limits.concurrency", 16, 1, 10_000);
        return new FunctionSpec.Limits(memory, cpu, timeout, concurrency, rate(node));
    }

    /** {@code limits.rate} (N/s, N/m or N/h) and {@code limits.burst} (default: one second's worth, at least 1). */
    private static FunctionSpec.RateLimit rate(JsonNode node) {
        String text = text(node, "rate", null, "limits.rate");
        if (text == null) {
            if (node != null && node.has("burst")) {
                throw new SpecException("limits.burst", "needs limits.rate (e.g. rate: 100/s)");
            }
            return null;
        }
        FunctionSpec.RateLimit rate = FunctionSpec.RateLimit.parse("limits.rate", text);
        return rate.withBurst(integer(node, "burst", "limits.burst", rate.burst(), 1, 1_000_000));
    }

    private static FunctionSpec.Scale scale(JsonNode node) {
        checkKeys("scale.", node, SCALE);
        int min = integer(node, "min", "scale.min", 0, 0, 1000);
        int max = integer(node, "max", "scale.max", 10, 1, 1000);
        if (min > max) {
            throw new SpecException("scale.min", "is " + min + ", more than scale.max (" + max + ")");
        }
        Duration idle = Quantities.duration("scale.idle", text(node, "idle", "5m", "scale.idle"));
        double target = number(node, "target", "scale.target", 0);
        if (target < 0 || target > 10_000) {
            throw new SpecException("scale.target", "must be between 0 (70% of limits.concurrency) and 10000");
        }
        Duration window = positive("scale.window", text(node, "window", "60s", "scale.window"));
        Duration panic = positive("scale.panicWindow", text(node, "panicWindow", "6s", "scale.panicWindow"));
        if (panic.compareTo(window) > 0) {
            throw new SpecException("scale.panicWindow", "must not be longer than scale.window (" + window + ")");
        }
        Duration zeroGrace = Quantities.duration("scale.zeroGrace", text(node, "zeroGrace", "30s", "scale.zeroGrace"));
        Duration pauseAfter = Quantities.duration("scale.pauseAfter", text(node, "pauseAfter", "1s", "scale.pauseAfter"));
        int standby = integer(node, "standby", "scale.standby", 0, 0, 100);
        if (standby > max) {
            throw new SpecException("scale.standby", "is " + standby + ", more than scale.max (" + max + ")");
        }
        return new FunctionSpec.Scale(min, max, idle, target, window, panic, zeroGrace, pauseAfter, standby);
    }

    private static Duration positive(String key, String text) {
        Duration d = Quantities.duration(key, text);
        // The autoscaler's windows average one-second buckets.
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new SpecException(key, "must be at least 1s");
        }
        return d;
    }

    private static Map<String, String> env(JsonNode node) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            throw new SpecException("env", "must be a mapping of variable names to values");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "env." + e.getKey();
            if (!ENV_NAME.matcher(e.getKey()).matches()) {
                throw new SpecException(key, "is not a valid environment variable name");
            }
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new SpecException(key, "must be a string, number or boolean");
            }
            env.put(e.getKey(), e.getValue().asText());
        }
        return env;
    }

    /** {@code secrets: [NAME, …]}: names only; whether each exists is the gateway's to check. */
    private static java.util.List<String> secrets(JsonNode node) {
        java.util.List<String> names = new java.util.ArrayList<>();
        if (node == null || node.isNull()) {
            return names;
        }
        if (!node.isArray()) {
            throw new SpecException("secrets", "must be a list of secret names, e.g. [db-password]");
        }
        if (node.size() > MAX_SECRETS) {
            throw new SpecException("secrets", "names " + node.size() + " secrets; at most " + MAX_SECRETS);
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode n = node.get(i);
            String key = "secrets[" + i + "]";
            if (!n.isTextual() || !NAME.matcher(n.asText()).matches()) {
                throw new SpecException(key, "'" + n.asText() + "' is not a secret name: lower-case letters, digits"
                        + " and '-', at most 63 characters");
            }
            if (names.contains(n.asText())) {
                throw new SpecException(key, "'" + n.asText() + "' is named twice");
            }
            names.add(n.asText());
        }
        return names;
    }

    private static FunctionSpec.Auth auth(String text) {
        return switch (text) {
            case "public" -> FunctionSpec.Auth.PUBLIC;
            case "token" -> FunctionSpec.Auth.TOKEN;
            default -> throw new SpecException("auth", "'" + text + "' is not one of public (anyone may call), token"
                    + " (an invoke token for this function, or an admin token)");
        };
    }

    private static FunctionSpec.Egress egress(String text) {
        return switch (text) {
            case "internet" -> FunctionSpec.Egress.INTERNET;
            case "none" -> FunctionSpec.Egress.NONE;
            default -> throw new SpecException("egress", "'" + text + "' is not one of internet (a route out, the"
                    + " default), none (a network with no route out)");
        };
    }

    /** {@code async: {attempts, backoff, maxBackoff, maxAge}}: how async calls and schedule ticks are retried. */
    private static AsyncSettings async(JsonNode node) {
        checkKeys("async.", node, ASYNC);
        AsyncSettings d = AsyncSettings.DEFAULTS;
        int attempts = integer(node, "attempts", "async.attempts", d.attempts(), 1, 100);
        Duration backoff = Quantities.duration("async.backoff",
                text(node, "backoff", Quantities.formatDuration(d.backoff()), "async.backoff"));
        Duration maxBackoff = Quantities.duration("async.maxBackoff",
                text(node, "maxBackoff", Quantities.formatDuration(d.maxBackoff()), "async.maxBackoff"));
        Duration maxAge = Quantities.duration("async.maxAge",
                text(node, "maxAge", Quantities.formatDuration(d.maxAge()), "async.maxAge"));
        if (backoff.isZero()) {
            throw new SpecException("async.backoff", "must be more than 0 (e.g. 1s)");
        }
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new SpecException("async.maxBackoff", "must not be shorter than async.backoff ("
                    + Quantities.formatDuration(backoff) + ")");
        }
        if (maxAge.compareTo(Duration.ofSeconds(1)) < 0 || maxAge.compareTo(Duration.ofHours(168)) > 0) {
            throw new SpecException("async.maxAge", "must be between 1s and 168h (7 days)");
        }
        return new AsyncSettings(attempts, backoff, maxBackoff, maxAge);
    }

    /** {@code build: {args: {NAME: value}}}: handed to the image build as build args. */
    private static Map<String, String> buildArgs(JsonNode build) {
        checkKeys("build.", build, BUILD);
        Map<String, String> args = new LinkedHashMap<>();
        JsonNode node = build.get("args");
        if (node == null || node.isNull()) {
            return args;
        }
        if (!node.isObject()) {
            throw new SpecException("build.args", "must be a mapping of build-arg names to values");
        }
        if (node.size() > MAX_BUILD_ARGS) {
            throw new SpecException("build.args", "has " + node.size() + " entries; at most " + MAX_BUILD_ARGS);
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = "build.args." + e.getKey();
            if (!BUILD_ARG_NAME.matcher(e.getKey()).matches()) {
                throw new SpecException(key, "is not a valid build-arg name: use letters, digits and '_',"
                        + " not starting with a digit, at most 128 characters");
            }
            if (RESERVED_BUILD_ARGS.contains(e.getKey())) {
                throw new SpecException(key, "is set by Stoker from handler:; set handler: instead");
            }
            JsonNode v = e.getValue();
            if (v == null || !v.isValueNode() || v.isNull()) {
                throw new SpecException(key, "must be a string (or a number or boolean, sent as text)");
            }
            String value = v.asText();
            if (value.length() > MAX_BUILD_ARG_VALUE) {
                throw new SpecException(key, "is " + value.length() + " characters long; at most " + MAX_BUILD_ARG_VALUE);
            }
            args.put(e.getKey(), value);
        }
        return args;
    }

    static void checkKeys(String prefix, JsonNode node, Set<String> known) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!known.contains(k)) {
                // A blank key is quoted, so the error still names it (the fuzz test found "": 'a' naming nothing).
                String named = k.isBlank() ? '"' + k + '"' : k;
                throw new SpecException(prefix + named, "unknown key; known keys here are "
                        + new java.util.TreeSet<>(known));
            }
        }
    }

    static JsonNode object(JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return new ObjectNode(YAML.getNodeFactory());
        }
        if (!n.isObject()) {
            throw new SpecException(key, "must be a mapping");
        }
        return n;
    }

    private static String text(JsonNode node, String field, String dflt) {
        return text(node, field, dflt, field);
    }

    static String text(JsonNode node, String field, String dflt, String key) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isValueNode()) {
            throw new SpecException(key, "must be a single value");
        }
        return n.asText();
    }

    static int integer(JsonNode node, String field, String key, int dflt, int min, int max) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isIntegralNumber()) {
            throw new SpecException(key, "'" + n.asText() + "' is not a whole number");
        }
        long v = n.asLong();
        if (v < min || v > max) {
            throw new SpecException(key, "is " + v + "; it must be between " + min + " and " + max);
        }
        return (int) v;
    }

    static double number(JsonNode node, String field, String key, double dflt) {
        JsonNode n = node.get(field);
        if (n == null || n.isNull()) {
            return dflt;
        }
        if (!n.isNumber()) {
            throw new SpecException(key, "'" + n.asText() + "' is not a number");
        }
        return n.asDouble();
    }
}
