package io.stoker.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** Scenario 2: first call from zero instances and from a paused standby (cold-start.sh's files). */
final class ColdStartReport {

    static final String SECTION = "cold-start";
    static final String CHART = "benchmarks-cold-start.png";
    private static final String HISTOGRAM = "stoker_instance_start_seconds";

    /** The figures of one function (one variant in one mode). */
    record Row(String function, String variant, String mode, int tries, int ok, int instances, double p50, double p90,
               double max, double min, double poolCold, double poolResume, double poolP50Ms, double poolMeanMs) {
    }

    private final Map<String, String> meta;
    private final List<Row> rows = new ArrayList<>();

    ColdStartReport(Path results) {
        this.meta = Csv.keyValues(results.resolve("cold-start-meta.csv"));
        PromText before = PromText.read(results.resolve("cold-start-before.prom"));
        PromText after = PromText.read(results.resolve("cold-start-after.prom"));
        Map<String, List<Map<String, String>>> byFunction = new LinkedHashMap<>();
        for (Map<String, String> r : Csv.rows(results.resolve("cold-start.csv"))) {
            byFunction.computeIfAbsent(r.get("function"), k -> new ArrayList<>()).add(r);
        }
        byFunction.forEach((function, tries) -> rows.add(row(function, tries, before, after)));
    }

    private static Row row(String function, List<Map<String, String>> tries, PromText before, PromText after) {
        List<Double> ms = new ArrayList<>();
        int ok = 0;
        for (Map<String, String> t : tries) {
            boolean good = "200".equals(t.get("status"));
            ok += good ? 1 : 0;
            ms.add(good ? Csv.number(t, "seconds") * 1000 : Double.NaN); // a failed call has no start time
        }
        long instances = tries.stream().map(t -> t.get("instance")).filter(i -> !"none".equals(i)).distinct().count();
        String kind = "zero".equals(tries.get(0).get("mode")) ? "cold" : "resume";
        Map<String, String> fc = Map.of("function", function, "kind", kind);
        TreeMap<Double, Double> b = before.buckets(HISTOGRAM, fc);
        TreeMap<Double, Double> a = after.buckets(HISTOGRAM, fc);
        double count = after.value(HISTOGRAM + "_count", fc) - before.value(HISTOGRAM + "_count", fc);
        double sum = after.value(HISTOGRAM + "_sum", fc) - before.value(HISTOGRAM + "_sum", fc);
        return new Row(function, tries.get(0).get("variant"), tries.get(0).get("mode"), tries.size(), ok, (int) instances,
                Stats.percentile(ms, 50), Stats.percentile(ms, 90), Stats.max(ms), Stats.min(ms),
                delta(before, after, function, "cold"), delta(before, after, function, "resume"),
                PromText.quantile(0.5, b, a) * 1000, count > 0 ? sum / count * 1000 : Double.NaN);
    }

    private static double delta(PromText before, PromText after, String function, String kind) {
        Map<String, String> labels = Map.of("function", function, "kind", kind);
        return after.value("stoker_instance_starts_total", labels) - before.value("stoker_instance_starts_total", labels);
    }

    List<Row> rows() {
        return rows;
    }

    /** The engine's own create + start + first answer of the nginx image (cold-start.sh's yardstick), if measured. */
    private Row engine() {
        return rows.stream().filter(r -> r.mode.equals("engine")).findFirst().orElse(null);
    }

    List<Goal> goals() {
        List<Goal> goals = new ArrayList<>();
        Row engine = engine();
        for (Row r : rows) {
            if (!r.variant.equals("nginx-static")) {
                continue;
            }
            if (r.mode.equals("zero")) {
                if (engine == null || Double.isNaN(engine.p50)) {
                    goals.add(new Goal("first answer from zero instances, small image (nginx-static), p50",
                            "≤ 1.0× the engine's own create + start + first answer", Fmt.ms(r.p50) + " ms (engine not measured)",
                            false));
                } else {
                    double ratio = r.p50 / engine.p50;
                    goals.add(new Goal("first answer from zero instances, small image (nginx-static), p50",
                            "≤ 1.0× the engine's own create + start + first answer",
                            Fmt.num(ratio, 2) + "× (" + Fmt.ms(r.p50) + " ms against " + Fmt.ms(engine.p50) + " ms)",
                            r.ok == r.tries && engine.ok == engine.tries && ratio <= 1.0));
                }
            } else if (r.mode.equals("standby")) {
                goals.add(new Goal("first answer from a paused standby, small image (nginx-static), p50", "≤ 40 ms",
                        Fmt.ms(r.p50) + " ms", r.ok == r.tries && r.p50 <= 40));
            }
        }
        return goals;
    }

    String markdown(Path chartDir) {
        writeChart(chartDir.resolve(CHART));
        StringBuilder md = new StringBuilder();
        md.append("## First call: from zero instances and from a paused standby\n\n");
        md.append("_Written by `benchmarks/run-all.sh` (scenario script `benchmarks/cold-start.sh`)._\n\n");
        md.append("Four functions run already built images through `PUT /v1/functions/NAME`, all with `scale.max: 1`,\n");
        md.append("an autoscaler window of 2 s and no zero grace so demand is forgotten quickly:\n\n");
        md.append("- **zero**: `").append(meta.getOrDefault("zero_scale", "?")).append("` — the instance stops 1 s after its call;\n");
        md.append("- **standby**: `").append(meta.getOrDefault("standby_scale", "?"))
                .append("` — the instance is paused 1 s after its call and kept.\n\n");
        if (engine() != null) {
            md.append("In the same rotation, the yardstick of the goal: **engine**, the engine's own create + start + first\n");
            md.append("answer of the nginx-static image with nothing of Stoker — `EngineStart` (in `benchmarks/report`) on the\n");
            md.append("engine's socket: `POST /containers/create` with an instance's settings on the `")
                    .append(meta.getOrDefault("network", "stoker-functions"))
                    .append("` network, `POST .../start`,\n`GET .../json` for the address, then an HTTP GET polled every millisecond until it answers; the\n");
            md.append("container is removed after (not timed). Per try: create, start, inspect, answer and total in ms are in\n");
            md.append("`engine-start.txt` of the results.\n\n");
        }
        md.append("Images: `").append(meta.getOrDefault("nginx_image", "?")).append("` (nginx-static, the trivial image) and `")
                .append(meta.getOrDefault("java_image", "?")).append("` (the java template's java-hello).\n");
        md.append("Each try, per function in turn (the order rotating): wait until it is at rest — no instance at all, or\n");
        md.append("exactly one PAUSED — then time one `GET /function/NAME/` with curl's `%{time_total}` (a new connection to\n");
        md.append("the gateway included). ").append(meta.getOrDefault("tries", "?"))
                .append(" tries each; load average (1 min) ").append(meta.getOrDefault("load_start", "?"))
                .append(" at the first try, ").append(meta.getOrDefault("load_end", "?")).append(" after the last.\n\n");
        md.append("| image | from | tries | 200s | p50 (ms) | p90 (ms) | max (ms) | min (ms) | instances seen | pool: cold starts / resumes | pool start time p50 / mean (ms) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append("| ").append(r.variant).append(" | ").append(r.mode.equals("zero") ? "zero instances"
                            : r.mode.equals("engine") ? "engine only: create + start + first answer" : "paused standby")
                    .append(" | ").append(r.tries).append(" | ").append(r.ok).append(" | ").append(Fmt.ms(r.p50))
                    .append(" | ").append(Fmt.ms(r.p90)).append(" | ").append(Fmt.ms(r.max)).append(" | ").append(Fmt.ms(r.min))
                    .append(" | ").append(r.instances).append(" | ").append(Fmt.num(r.poolCold, 0)).append(" / ")
                    .append(Fmt.num(r.poolResume, 0)).append(" | ").append(Fmt.ms(r.poolP50Ms)).append(" / ")
                    .append(Fmt.ms(r.poolMeanMs)).append(" |\n");
        }
        md.append("\nThe call times are what a client sees. \"Pool\" columns come from the gateway's metrics over the same\n");
        md.append("tries: `stoker_instance_starts_total{kind}` (cold starts for the zero rows, resumes for the standby rows)\n");
        md.append("and `stoker_instance_start_seconds{kind}` — from asking for an instance to its readiness, the p50\n");
        md.append("interpolated inside the histogram's bucket. \"Instances seen\" counts distinct `x-stoker-instance`\n");
        md.append("answers: one per try from zero, one in all from a standby that is resumed each time.\n\n");
        md.append("![first-call times](").append(CHART).append(")\n");
        return md.toString();
    }

    private void writeChart(Path file) {
        CategoryChart chart = new CategoryChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("First call through the gateway").xAxisTitle("").yAxisTitle("ms (log scale)").build();
        Charts.style(chart.getStyler());
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisMin(1.0); // bars of a log axis need a floor above zero
        chart.getStyler().setYAxisDecimalPattern("#,##0.#");
        List<String> names = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p90 = new ArrayList<>();
        List<Double> max = new ArrayList<>();
        for (Row r : rows) {
            names.add(r.variant + (r.mode.equals("zero") ? " from zero" : r.mode.equals("engine") ? ", engine only" : " from standby"));
            p50.add(positive(r.p50));
            p90.add(positive(r.p90));
            max.add(positive(r.max));
        }
        chart.addSeries("p50", names, p50);
        chart.addSeries("p90", names, p90);
        chart.addSeries("max", names, max);
        Charts.savePng(chart, file);
    }

    /** A log axis cannot show 0 or NaN: a missing figure is drawn as nothing (0.1 ms, below the axis). */
    private static double positive(double v) {
        return Double.isNaN(v) || v <= 0 ? 0.1 : Math.round(v * 10) / 10.0;
    }

    static boolean present(Path results) {
        return Files.exists(results.resolve("cold-start.csv")) && Files.exists(results.resolve("cold-start-after.prom"));
    }
}
