package io.stoker.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Scenario 3: a load step from 1 to 50 concurrent calls (load-step.sh's files). */
final class LoadStepReport {

    static final String SECTION = "load-step";
    static final String CHART = "benchmarks-load-step.png";
    static final double GOAL_MS = 2000;

    /** What the samples tell about the step; times in ms after the step began, NaN when it did not happen. */
    record Reaction(int servingBefore, int servingMax, double firstNewInstanceMs, double firstNewServingMs,
                    double maxServingMs, double maxDesired) {
    }

    private final Map<String, String> meta;
    private final List<Map<String, String>> samples;
    private final List<Map<String, String>> wrk;
    private final double stepAt;

    LoadStepReport(Path results) {
        this.meta = Csv.keyValues(results.resolve("load-step-meta.csv"));
        this.samples = Csv.rows(results.resolve("load-step.csv"));
        this.wrk = Csv.rows(results.resolve("load-step-wrk.csv"));
        this.stepAt = Double.parseDouble(meta.get("step_at_ms"));
    }

    static int serving(Map<String, String> s) {
        double v = Csv.number(s, "ready") + Csv.number(s, "busy");
        return Double.isNaN(v) ? -1 : (int) v;
    }

    /** Reads the reaction off the samples: the last sample before the step is the baseline. */
    static Reaction reaction(List<Map<String, String>> samples, double stepAt, double stepEnd) {
        int before = 0;
        int totalBefore = 0;
        double firstNew = Double.NaN;
        double firstServing = Double.NaN;
        int max = 0;
        double maxAt = Double.NaN;
        double maxDesired = Double.NaN;
        for (Map<String, String> s : samples) {
            double t = Csv.number(s, "t_ms");
            int serving = serving(s);
            int total = (int) Csv.number(s, "total");
            if (t < stepAt) {
                if (serving >= 0) {
                    before = serving;
                    totalBefore = total;
                }
                continue;
            }
            if (t > stepEnd || serving < 0) {
                continue;
            }
            if (Double.isNaN(firstNew) && total > totalBefore) {
                firstNew = t - stepAt;
            }
            if (Double.isNaN(firstServing) && serving > before) {
                firstServing = t - stepAt;
            }
            if (serving > max) {
                max = serving;
                maxAt = t - stepAt;
            }
            double d = Csv.number(s, "desired");
            if (!Double.isNaN(d) && (Double.isNaN(maxDesired) || d > maxDesired)) {
                maxDesired = d;
            }
        }
        return new Reaction(before, max, firstNew, firstServing, maxAt, maxDesired);
    }

    Reaction reaction() {
        return reaction(samples, stepAt, Double.parseDouble(meta.get("after_at_ms")));
    }

    List<Goal> goals() {
        Reaction r = reaction();
        return List.of(new Goal("scale-up after a load step (1 → " + meta.get("connections") + " calls): new instances serving",
                "within 2 s", Double.isNaN(r.firstNewServingMs) ? "none served" : Fmt.ms(r.firstNewServingMs) + " ms",
                r.firstNewServingMs <= GOAL_MS));
    }

    String markdown(Path chartDir) {
        writeChart(chartDir.resolve(CHART));
        Reaction r = reaction();
        double sampleMs = Double.parseDouble(meta.get("sample_ms"));
        StringBuilder md = new StringBuilder();
        md.append("## Scale-up after a load step\n\n");
        md.append("_Written by `benchmarks/run-all.sh` (scenario script `benchmarks/load-step.sh`)._\n\n");
        md.append("`").append(meta.get("function")).append("` runs `").append(meta.get("image"))
                .append("` (the python example) with `").append(meta.get("spec").replace(meta.get("image"), "…"))
                .append("`: autoscaler defaults otherwise (target 70% of `limits.concurrency`, 60 s stable and 6 s panic window).\n");
        md.append("Every call is `GET ").append(meta.get("url_path")).append("`, which sleeps ").append(meta.get("sleep_ms"))
                .append(" ms; so ").append(meta.get("connections"))
                .append(" concurrent calls need several instances. Phases: `wrk -t1 -c1`, then `wrk -t2 -c")
                .append(meta.get("connections")).append("` (the step, at 0 s on the chart), then no load. Every ")
                .append((int) sampleMs).append(" ms the function's instances by state (`GET /v1/functions/NAME`), the\n");
        md.append("autoscaler's `stoker_autoscaler_desired` and the gateway's in-flight calls (`/q/metrics`) were sampled;\n");
        md.append("times below are read off those samples, so they are exact to one sampling period. Each sample waits\n");
        md.append("for the gateway's own answers, so on a loaded machine samples come further apart than asked: here the\n");
        md.append("median gap during the step was ").append(Fmt.ms(medianGapMs(stepAt, Double.parseDouble(meta.get("after_at_ms")))))
                .append(" ms.\n\n");
        md.append("| phase | connections | seconds | requests | req/s | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | non-2xx | socket errors |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, String> w : wrk) {
            md.append("| ").append(w.get("phase")).append(" | ").append(w.get("connections")).append(" | ").append(w.get("seconds"))
                    .append(" | ").append(w.get("requests")).append(" | ").append(Fmt.num(Csv.number(w, "rps"), 0))
                    .append(" | ").append(Fmt.ms(Csv.number(w, "p50_us") / 1000)).append(" | ")
                    .append(Fmt.ms(Csv.number(w, "p90_us") / 1000)).append(" | ").append(Fmt.ms(Csv.number(w, "p99_us") / 1000))
                    .append(" | ").append(Fmt.ms(Csv.number(w, "max_us") / 1000)).append(" | ").append(w.get("non2xx"))
                    .append(" | ").append(w.get("socket")).append(" |\n");
        }
        md.append("\n| after the step | |\n|---|---|\n");
        md.append("| instances serving (READY or BUSY) before the step | ").append(r.servingBefore).append(" |\n");
        md.append("| first new instance asked for (STARTING) | ").append(after(r.firstNewInstanceMs)).append(" |\n");
        md.append("| **first new instance serving** (more READY/BUSY than before) | **").append(after(r.firstNewServingMs)).append("** |\n");
        md.append("| most instances serving during the step | ").append(r.servingMax).append(", first reached ")
                .append(after(r.maxServingMs)).append(" |\n");
        md.append("| highest autoscaler desired count | ").append(Fmt.num(r.maxDesired, 0)).append(" |\n");
        md.append("\n![instances over time during the load step](").append(CHART).append(")\n");
        return md.toString();
    }

    /** The median time between consecutive samples taken in [from, to). */
    private double medianGapMs(double from, double to) {
        List<Double> gaps = new ArrayList<>();
        double last = Double.NaN;
        for (Map<String, String> s : samples) {
            double t = Csv.number(s, "t_ms");
            if (t >= from && t < to) {
                if (!Double.isNaN(last)) {
                    gaps.add(t - last);
                }
                last = t;
            }
        }
        return Stats.percentile(gaps, 50);
    }

    private static String after(double ms) {
        return Double.isNaN(ms) ? "never" : Fmt.ms(ms) + " ms after the step";
    }

    private void writeChart(Path file) {
        XYChart chart = new XYChartBuilder().width(Charts.WIDTH).height(Charts.HEIGHT)
                .title("Load step 1 → " + meta.get("connections") + " concurrent calls: instances of " + meta.get("function"))
                .xAxisTitle("seconds since the step").yAxisTitle("instances").build();
        Charts.style(chart.getStyler());
        chart.setYAxisGroupTitle(1, "calls");
        chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
        List<Double> t = new ArrayList<>();
        List<Double> serving = new ArrayList<>();
        List<Double> starting = new ArrayList<>();
        List<Double> desired = new ArrayList<>();
        List<Double> inflight = new ArrayList<>();
        List<Double> queued = new ArrayList<>();
        for (Map<String, String> s : samples) {
            if (serving(s) < 0) {
                continue;
            }
            t.add((Csv.number(s, "t_ms") - stepAt) / 1000);
            serving.add((double) serving(s));
            starting.add(Csv.number(s, "starting"));
            desired.add(zeroIfNaN(Csv.number(s, "desired")));
            inflight.add(zeroIfNaN(Csv.number(s, "inflight")));
            queued.add(zeroIfNaN(Csv.number(s, "queue")));
        }
        line(chart, "serving (READY + BUSY)", t, serving, 0);
        line(chart, "STARTING", t, starting, 0);
        line(chart, "autoscaler desired", t, desired, 0);
        line(chart, "calls in flight (right axis)", t, inflight, 1);
        line(chart, "calls queued (right axis)", t, queued, 1);
        Charts.savePng(chart, file);
    }

    private static void line(XYChart chart, String name, List<Double> x, List<Double> y, int axis) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(SeriesMarkers.NONE);
        s.setYAxisGroup(axis);
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    static boolean present(Path results) {
        return Files.exists(results.resolve("load-step-meta.csv"));
    }
}
