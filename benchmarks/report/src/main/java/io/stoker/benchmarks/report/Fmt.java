package io.stoker.benchmarks.report;

import java.util.Locale;

/** Number formats of the report: NaN (nothing measured) shows as a dash. */
final class Fmt {

    private Fmt() {
    }

    /** Milliseconds: whole above 100, one decimal below. */
    static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "—";
        }
        return String.format(Locale.ROOT, ms >= 100 ? "%.0f" : "%.1f", ms);
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) ? "—" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Kibibytes as MiB with one decimal. */
    static String mib(double kib) {
        return num(kib / 1024.0, 1);
    }
}
