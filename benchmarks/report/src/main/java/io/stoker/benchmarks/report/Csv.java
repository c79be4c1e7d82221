package io.stoker.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The plain CSV the scripts write: a header line, then rows; no quoting (the scripts keep commas out of values). */
final class Csv {

    private Csv() {
    }

    /** Every row as header → value; a short row is padded with empty values. */
    static List<Map<String, String>> rows(Path file) {
        List<String> lines = lines(file);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, expected a header line");
        }
        String[] header = lines.get(0).split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                row.put(header[i], i < cells.length ? cells[i].trim() : "");
            }
            rows.add(row);
        }
        return rows;
    }

    /** A "key,value" file as a map; the value is everything after the first comma. */
    static Map<String, String> keyValues(Path file) {
        Map<String, String> map = new LinkedHashMap<>();
        List<String> lines = lines(file);
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            int comma = line.indexOf(',');
            if (comma > 0) {
                map.put(line.substring(0, comma), line.substring(comma + 1).trim());
            }
        }
        return map;
    }

    /** A number from a row, or NaN when the cell is empty or not a number (a sample that failed). */
    static double number(Map<String, String> row, String column) {
        String v = row.get(column);
        if (v == null) {
            throw new IllegalArgumentException("no column '" + column + "' in " + row.keySet());
        }
        try {
            return v.isEmpty() ? Double.NaN : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
