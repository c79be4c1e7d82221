package io.stoker.benchmarks.report;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The marked sections of docs/benchmarks.md: {@code <!-- NAME:begin -->} … {@code <!-- NAME:end -->}. Replacing one
 * leaves everything else, the header and other scripts' sections included, as it was.
 */
final class Sections {

    private static final Pattern FIRST_BEGIN = Pattern.compile("(?m)^<!-- [\\w-]+:begin -->");

    private Sections() {
    }

    static String begin(String name) {
        return "<!-- " + name + ":begin -->";
    }

    static String end(String name) {
        return "<!-- " + name + ":end -->";
    }

    /** The body between the markers (without them), or null when the document has no such section. */
    static String body(String doc, String name) {
        int b = doc.indexOf(begin(name));
        int e = doc.indexOf(end(name));
        if (b < 0 || e < b) {
            return null;
        }
        return doc.substring(b + begin(name).length(), e);
    }

    /**
     * The document with section {@code name} holding {@code body}: replaced where it is; otherwise placed before the
     * first section when {@code first}, else appended.
     */
    static String put(String doc, String name, String body, boolean first) {
        String section = begin(name) + "\n" + body.strip() + "\n" + end(name);
        int b = doc.indexOf(begin(name));
        int e = doc.indexOf(end(name));
        if (b >= 0 && e > b) {
            return doc.substring(0, b) + section + doc.substring(e + end(name).length());
        }
        if (b >= 0 || e >= 0) {
            throw new IllegalArgumentException("section '" + name + "' has a broken marker pair; fix it by hand");
        }
        // a marker at the start of a line: the header quotes the marker syntax inside backticks
        Matcher firstSection = FIRST_BEGIN.matcher(doc);
        if (first && firstSection.find()) {
            return doc.substring(0, firstSection.start()) + section + "\n\n" + doc.substring(firstSection.start());
        }
        String base = doc.endsWith("\n") ? doc : doc + "\n";
        return base + "\n" + section + "\n";
    }
}
