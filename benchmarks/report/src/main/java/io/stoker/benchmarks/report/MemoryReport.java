package io.stoker.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Scenario 4: the gateway's resident memory at rest and under the other scenarios' load. */
final class MemoryReport {

    static final String SECTION = "gateway-memory";
    static final String CHART = "benchmarks-gateway-memory.png";

    private final Path results;

    MemoryReport(Path results) {
        this.results = results;
    }

    static boolean present(Path results) {
        return Files.exists(results.resolve("rss-rest.csv")) || Files.exists(results.resolve("load-step.csv"));
    }

    String markdown(Path chartDir) {
        StringBuilder md = new StringBuilder();
        md.append("## Gateway memory\n\n");
        md.append("_Written by `benchmarks/run-all.sh`._\n\n");
        md.append("Resident set size of the gateway process (`ps -o rss= -p $(cat $STOKER_HOME/run/gateway.pid)`; the\n");
        md.append("JVM runs with `-Xmx512m`), sampled at rest and during the load of the other scenarios. The rows are in\n");
        md.append("time order: a JVM seldom gives back heap it has grown into, so a later \"at rest\" figure includes what\n");
        md.append("earlier load (ours, or other users of the same gateway) made it take.\n\n");
        md.append("| when | samples | median (MiB) | max (MiB) |\n|---|---:|---:|---:|\n");
        row(md, "at rest, before any scenario", results.resolve("rss-rest.csv"), Double.NaN, Double.NaN);
        row(md, "warm throughput (wrk at 1, 16 and 64 connections through the gateway and beside it)", results.resolve("rss-warm.csv"),
                Double.NaN, Double.NaN);
        Path steps = results.resolve("load-step.csv");
        if (Files.exists(steps) && Files.exists(results.resolve("load-step-meta.csv"))) {
            Map<String, String> meta = Csv.keyValues(results.resolve("load-step-meta.csv"));
            double base = Double.parseDouble(meta.get("base_at_ms"));
            double step = Double.parseDouble(meta.get("step_at_ms"));
            double after = Double.parseDouble(meta.get("after_at_ms"));
            md.append("| load step: function idle, just before | 1 | ").append(Fmt.mib(Double.parseDouble(meta.get("rss_rest_kb"))))
                    .append(" | ").append(Fmt.mib(Double.parseDouble(meta.get("rss_rest_kb")))).append(" |\n");
            row(md, "load step: 1 call at a time", steps, base, step);
            row(md, "load step: " + meta.get("connections") + " concurrent calls", steps, step, after);
            row(md, "load step: after the load", steps, after, Double.MAX_VALUE);
            writeChart(steps, step, chartDir.resolve(CHART));
            md.append("\n![gateway RSS during the load step](").append(CHART).append(")\n");
        }
        return md.toString();
    }

    /** One table row from column rss_kb of a CSV, only the rows with from ≤ t_ms < to when a range is given. */
    private static void row(StringBuilder md, String label, Path csv, double from, double to) {
        if (!Files.exists(csv)) {
            md.append("| ").append(label).append(" | 0 | — | — |\n");
            return;
        }
        List<Double> kib = new ArrayList<>();
        for (Map<String, String> r : Csv.rows(csv)) {
            double t = Csv.number(r, "t_ms");
            if (Double.isNaN(from) || (t >= from && t < to)) {
                kib.add(Csv.number(r, "rss_kb"));
            }
        }
        md.append("| ").append(label).append(" | ").append(kib.size()).append(" | ").append(Fmt.mib(Stats.percentile(kib, 50)))
                .append(" | ").append(Fmt.mib(Stats.max(kib))).append(" |\n");
    }

    private static void writeChart(Path csv, double stepAt, Path file) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Gateway RSS during the load step").xAxisTitle("seconds since the step").yAxisTitle("MiB").build();
        Charts.style(chart.getStyler());
        List<Double> t = new ArrayList<>();
        List<Double> mib = new ArrayList<>();
        for (Map<String, String> r : Csv.rows(csv)) {
            double kib = Csv.number(r, "rss_kb");
            if (!Double.isNaN(kib)) {
                t.add((Csv.number(r, "t_ms") - stepAt) / 1000);
                mib.add(kib / 1024);
            }
        }
        XYSeries s = chart.addSeries("gateway RSS", t, mib);
        s.setMarker(SeriesMarkers.NONE);
        Charts.savePng(chart, file);
    }
}
