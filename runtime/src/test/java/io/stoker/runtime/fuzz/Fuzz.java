package io.stoker.runtime.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;

/**
 * Seeded generators of hostile inputs for property tests: a run is reproducible from its seed (printed in every
 * failure), and each try is bounded in time so a hang fails the test instead of stalling it.
 */
public final class Fuzz implements AutoCloseable {

    /** The seed of this run: {@code -Dstoker.fuzz.seed=N} replays one, else a fresh one each run. */
    public static long seed() {
        String fixed = System.getProperty("stoker.fuzz.seed");
        return fixed != null ? Long.parseLong(fixed) : new Random().nextLong();
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRINGS = {"", " ", "0", "-1", "1", "65536", "1e309", "NaN", "128Mi", "16", "0.001",
        "30s", "0s", "2h", "1/s", "0/s", "100/x", "a", "hello", "../../etc/passwd", "/abs", "a b", "ünïcødé", "\u0000",
        "\t\n", "${HOME}", "%s%n", "'\"", "<script>", "{}", "[]", "null", "true", "yes", "~", "!!binary", "*alias",
        "&anchor", "python", "java", "node", "dockerfile", "stoker/python:bookworm", "UPPER", "-leading", "trailing-",
        "key", "none", "internet", "token", "public"};

    public final long seed;
    public final Random random;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fuzz-try");
        t.setDaemon(true);
        return t;
    });

    public Fuzz(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** Runs one try, failing if it takes longer than {@code limit} (a hang). */
    public <T> T bounded(Duration limit, String what, Callable<T> attempt) throws Throwable {
        Future<T> f = runner.submit(attempt);
        try {
            return f.get(limit.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("seed " + seed + ": no answer within " + limit + " for " + what);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    public <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    public <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    public boolean chance(double p) {
        return random.nextDouble() < p;
    }

    /** A hostile string: from a list of troublemakers, random code points, or very long. */
    public String string() {
        return switch (random.nextInt(4)) {
            case 0, 1 -> pick(STRINGS);
            case 2 -> {
                StringBuilder b = new StringBuilder();
                int n = random.nextInt(12);
                for (int i = 0; i < n; i++) {
                    b.appendCodePoint(random.nextInt(3) == 0 ? random.nextInt(0x2FFF) : 0x20 + random.nextInt(0x5F));
                }
                yield b.toString();
            }
            default -> "x".repeat(random.nextInt(3) == 0 ? 70_000 : 64 + random.nextInt(300));
        };
    }

    /** A random JSON value, up to {@code depth} levels of lists and mappings. */
    public JsonNode value(int depth) {
        int kind = random.nextInt(depth > 0 ? 9 : 7);
        return switch (kind) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(pick(new Long[] {0L, -1L, 1L, 7L, 65535L, 65536L, Long.MAX_VALUE,
                Long.MIN_VALUE, (long) Integer.MAX_VALUE + 1}));
            case 3 -> NODES.numberNode(pick(new Double[] {0.5, -0.0, 1e-9, 1e300, 63.99, 64.01}));
            case 4 -> NODES.numberNode(new BigInteger("9".repeat(1 + random.nextInt(40))));
            case 5, 6 -> NODES.textNode(string());
            case 7 -> {
                ArrayNode a = NODES.arrayNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.add(value(depth - 1));
                }
                yield a;
            }
            default -> {
                ObjectNode o = NODES.objectNode();
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    o.set(string(), value(depth - 1));
                }
                yield o;
            }
        };
    }

    /**
     * A copy of {@code valid} with one to three changes: a value replaced by a random one, a key removed, or a key
     * added, anywhere in the tree.
     */
    public ObjectNode mutate(ObjectNode valid, List<String> knownKeys) {
        ObjectNode copy = valid.deepCopy();
        int changes = 1 + random.nextInt(3);
        for (int i = 0; i < changes; i++) {
            List<ObjectNode> objects = new ArrayList<>();
            collect(copy, objects);
            ObjectNode target = pick(objects);
            List<String> names = new ArrayList<>();
            target.fieldNames().forEachRemaining(names::add);
            int op = names.isEmpty() ? 2 : random.nextInt(3);
            if (op == 0) {
                target.set(pick(names), value(2));
            } else if (op == 1) {
                target.remove(pick(names));
            } else {
                target.set(chance(0.5) ? pick(knownKeys) : string(), value(2));
            }
        }
        return copy;
    }

    private static void collect(JsonNode node, List<ObjectNode> into) {
        if (node instanceof ObjectNode o) {
            into.add(o);
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            collect(it.next(), into);
        }
    }

    /** {@code text} cut short, or with a few bytes changed. */
    public String damage(String text) {
        if (text.isEmpty() || chance(0.5)) {
            return text.substring(0, random.nextInt(text.length() + 1));
        }
        StringBuilder b = new StringBuilder(text);
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            b.setCharAt(random.nextInt(b.length()), pick(new Character[] {'{', '}', '[', ':', '"', '\'', '\n', '-',
                '&', '*', '!', '#', '\t', '\u0000', 'x'}));
        }
        return b.toString();
    }

    public static ObjectMapper json() {
        return new ObjectMapper();
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
