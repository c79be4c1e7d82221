package io.stoker.cli.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The one Jackson mapper of the CLI, and small helpers for reading the gateway's JSON. */
public final class Json {

    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    public static String pretty(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** With {@code -o json}, prints the gateway's answer as it is and says so (the caller then prints nothing else). */
    public static boolean printedAsJson(OutputFormat output, Console console, JsonNode answer) {
        if (output != OutputFormat.json) {
            return false;
        }
        console.println(pretty(answer));
        return true;
    }

    /** The text at a path of field names, or {@code dflt} when any step is missing or null. */
    public static String text(JsonNode node, String dflt, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null) {
                return dflt;
            }
            n = n.get(p);
        }
        return n == null || n.isNull() || n.isContainerNode() ? dflt : n.asText();
    }
}
