package io.stoker.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What every reading command that lists things does with the gateway's answer: the whole answer with {@code -o json},
 * else a table of one array in it, or a hint of what to do when that array is empty.
 */
public final class Listing {

    private final String field;
    private final String whenEmpty;
    private final String[] headers;
    private Function<JsonNode, String[]> row;

    private Listing(String field, String whenEmpty, String[] headers) {
        this.field = field;
        this.whenEmpty = whenEmpty;
        this.headers = headers;
    }

    /**
     * @param field the answer's array to list
     * @param whenEmpty printed instead of an empty table (null: the headers alone)
     */
    public static Listing of(String field, String whenEmpty, String... headers) {
        return new Listing(field, whenEmpty, headers);
    }

    /** The cells of one element, in the order of the headers. */
    public Listing rows(Function<JsonNode, String[]> row) {
        this.row = row;
        return this;
    }

    /** Prints {@code answer} as asked; always 0, the command's exit code. */
    public int print(OutputFormat output, Console console, JsonNode answer) {
        if (Json.printedAsJson(output, console, answer)) {
            return 0;
        }
        JsonNode items = answer.path(field);
        if (whenEmpty != null && (!items.isArray() || items.isEmpty())) {
            console.println(whenEmpty);
            return 0;
        }
        Table table = new Table(headers);
        items.forEach(item -> table.row(row.apply(item)));
        table.render().forEach(console::println);
        return 0;
    }

    /** The texts of a JSON array joined with commas, or "-" when there are none. */
    public static String joined(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "-" : String.join(",", out);
    }
}
