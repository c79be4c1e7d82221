package io.stoker.cli.output;

/** How reading commands print: a table/text for people, or JSON for scripts ({@code -o json}). */
public enum OutputFormat {
    table,
    json
}
