package io.stoker.runtime.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the {@code triggers:} section of a function definition; errors name the key ("triggers.kafka[0].ordering"). */
final class TriggerParser {

    private static final Set<String> TRIGGERS = Set.of("kafka", "schedule");
    private static final Set<String> KAFKA = Set.of("topics", "path", "group", "ordering", "concurrency", "maxRecordAge", "retry",
            "deadLetter", "deadLetterTopic", "replyTopic", "from");
    private static final Set<String> RETRY = Set.of("attempts", "backoff", "maxBackoff");
    /** Kafka's own rule for topic names. */
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private TriggerParser() {}

    /** The triggers of function {@code function} (whose name gives the default consumer group). */
    static List<KafkaTrigger> parse(String function, JsonNode triggers) {
        List<KafkaTrigger> out = new ArrayList<>();
        if (triggers == null || triggers.isNull()) {
            return out;
        }
        if (!triggers.isObject()) {
            throw new SpecException("triggers", "must be a mapping, e.g. triggers: {kafka: [...], schedule: [...]}");
        }
        SpecParser.checkKeys("triggers.", triggers, TRIGGERS);
        JsonNode kafka = triggers.get("kafka");
        if (kafka == null || kafka.isNull()) {
            return out;
        }
        if (!kafka.isArray()) {
            throw new SpecException("triggers.kafka", "must be a list of triggers");
        }
        Map<String, Integer> readers = new HashMap<>(); // "<group>/<topic>" -> the trigger reading it
        for (int i = 0; i < kafka.size(); i++) {
            String key = "triggers.kafka[" + i + "]";
            KafkaTrigger trigger = kafka(key, kafka.get(i));
            for (String topic : trigger.topics()) {
                Integer before = readers.putIfAbsent(trigger.groupFor(function) + "/" + topic, i);
                if (before != null) {
                    // one group, two members: Kafka gives each partition to one of them, so each trigger would
                    // see only part of the topic
                    throw new SpecException(key + ".topics", "'" + topic + "' is also read by triggers.kafka["
                            + before + "] in the same consumer group, so each record would reach only one of them: "
                            + "give this trigger a group of its own");
                }
            }
            out.add(trigger);
        }
        return out;
    }

    /** A trigger writing to a topic it reads would call the function with its own output, without end. */
    private static void notReadByItself(String key, List<String> topics, String written, String what) {
        if (topics.contains(written)) {
            throw new SpecException(key, "'" + written + "' is one of the trigger's topics: the function would be "
                    + "called with its own " + what + " again and again; name another topic");
        }
    }

    private static KafkaTrigger kafka(String key, JsonNode node) {
        if (!node.isObject()) {
            throw new SpecException(key, "must be a mapping with at least 'topics'");
        }
        SpecParser.checkKeys(key + ".", node, KAFKA);
        List<String> topics = topics(key + ".topics", node.get("topics"));
        String path = SpecParser.text(node, "path", "/", key + ".path");
        if (!path.startsWith("/")) {
            throw new SpecException(key + ".path", "must start with '/'");
        }
        String group = SpecParser.text(node, "group", "", key + ".group");
        KafkaTrigger.Ordering ordering = choice(key + ".ordering", SpecParser.text(node, "ordering", "key", key + ".ordering"),
                KafkaTrigger.Ordering.class);
        int concurrency = SpecParser.integer(node, "concurrency", key + ".concurrency", 16, 1, 10_000);
        JsonNode retryNode = SpecParser.object(node, "retry");
        SpecParser.checkKeys(key + ".retry.", retryNode, RETRY);
        int attempts = SpecParser.integer(retryNode, "attempts", key + ".retry.attempts", 5, 1, 100);
        Duration backoff = Quantities.duration(key + ".retry.backoff",
                SpecParser.text(retryNode, "backoff", "200ms", key + ".retry.backoff"));
        Duration maxBackoff = Quantities.duration(key + ".retry.maxBackoff",
                SpecParser.text(retryNode, "maxBackoff", "30s", key + ".retry.maxBackoff"));
        if (maxBackoff.compareTo(backoff) < 0) {
            throw new SpecException(key + ".retry.maxBackoff", "must not be shorter than retry.backoff");
        }
        JsonNode deadLetterNode = node.get("deadLetter");
        if (deadLetterNode != null && !deadLetterNode.isBoolean()) {
            throw new SpecException(key + ".deadLetter", "must be true or false");
        }
        boolean deadLetter = deadLetterNode == null || deadLetterNode.asBoolean();
        String deadLetterTopic = optionalTopic(key + ".deadLetterTopic", SpecParser.text(node, "deadLetterTopic", "", key + ".deadLetterTopic"));
        String replyTopic = optionalTopic(key + ".replyTopic", SpecParser.text(node, "replyTopic", "", key + ".replyTopic"));
        KafkaTrigger.From from = choice(key + ".from", SpecParser.text(node, "from", "latest", key + ".from"),
                KafkaTrigger.From.class);
        Duration maxRecordAge = Quantities.duration(key + ".maxRecordAge", SpecParser.text(node, "maxRecordAge",
                Quantities.formatDuration(KafkaTrigger.DEFAULT_MAX_RECORD_AGE), key + ".maxRecordAge"));
        if (maxRecordAge.isZero() || maxRecordAge.isNegative()) {
            throw new SpecException(key + ".maxRecordAge", "must be longer than zero (e.g. 6h)");
        }
        KafkaTrigger trigger = new KafkaTrigger(topics, path, group, ordering, concurrency,
                new KafkaTrigger.Retry(attempts, backoff, maxBackoff), deadLetter, deadLetterTopic, replyTopic, from,
                maxRecordAge);
        notReadByItself(key + ".replyTopic", topics, replyTopic, "answers");
        for (String topic : topics) {
            notReadByItself(key + ".deadLetterTopic", topics, trigger.deadLetterTopicFor(topic), "failed records");
        }
        return trigger;
    }

    private static List<String> topics(String key, JsonNode node) {
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            throw new SpecException(key, "is required: name at least one topic");
        }
        List<String> topics = new ArrayList<>();
        if (node.isTextual()) {
            topics.add(topic(key, node.asText()));
        } else if (node.isArray()) {
            for (JsonNode t : node) {
                if (!t.isTextual()) {
                    throw new SpecException(key, "must list topic names");
                }
                topics.add(topic(key, t.asText()));
            }
        } else {
            throw new SpecException(key, "must be a list of topic names");
        }
        return topics;
    }

    private static String optionalTopic(String key, String name) {
        return name.isEmpty() ? name : topic(key, name);
    }

    private static String topic(String key, String name) {
        if (!TOPIC.matcher(name).matches()) {
            throw new SpecException(key, "'" + name + "' is not a valid topic name (letters, digits, '.', '_', '-')");
        }
        return name;
    }

    static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = new ArrayList<>();
            for (E c : type.getEnumConstants()) {
                allowed.add(c.name().toLowerCase(Locale.ROOT));
            }
            throw new SpecException(key, "'" + value + "' is not one of " + String.join(", ", allowed));
        }
    }
}
