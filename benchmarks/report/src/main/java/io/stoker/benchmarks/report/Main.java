package io.stoker.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the sections of docs/benchmarks.md that benchmarks/run-all.sh owns, and their charts, from one results
 * directory. Usage: {@code java -jar stoker-bench-report.jar RESULTS_DIR REPORT_MD}; the charts go beside the report.
 */
public final class Main {

    private static final String HEADER = """
            # Benchmarks

            Results of the harnesses in `benchmarks/` (see `benchmarks/README.md`), measured on the machine
            named in each section. Each scenario's script rewrites only its own section, between
            `<!-- NAME:begin -->` and `<!-- NAME:end -->` markers, so scenarios can be re-run one at a time.
            """;

    private Main() {
    }

    public static void main(String[] args) throws IOException {
        System.setProperty("java.awt.headless", "true");
        if (args.length != 2) {
            System.err.println("usage: java -jar stoker-bench-report.jar RESULTS_DIR REPORT_MD");
            System.exit(2);
        }
        Path results = Path.of(args[0]);
        Path report = Path.of(args[1]);
        if (!Files.isDirectory(results)) {
            System.err.println("report: no results directory " + results);
            System.exit(2);
        }
        Path charts = report.toAbsolutePath().getParent();
        String doc = Files.exists(report) ? Files.readString(report) : HEADER;
        List<Goal> goals = new ArrayList<>();

        String cold = missing("First call: from zero instances and from a paused standby", "cold-start.sh");
        if (ColdStartReport.present(results)) {
            ColdStartReport r = new ColdStartReport(results);
            cold = r.markdown(charts);
            goals.addAll(r.goals());
        }
        String step = missing("Scale-up after a load step", "load-step.sh");
        if (LoadStepReport.present(results)) {
            LoadStepReport r = new LoadStepReport(results);
            step = r.markdown(charts);
            goals.addAll(r.goals());
        }
        String memory = MemoryReport.present(results) ? new MemoryReport(results).markdown(charts) : missing("Gateway memory", "the RSS sampling");
        doc = Sections.put(doc, ColdStartReport.SECTION, cold, false);
        doc = Sections.put(doc, LoadStepReport.SECTION, step, false);
        doc = Sections.put(doc, MemoryReport.SECTION, memory, false);
        String summary = new SummaryReport(results).markdown(Sections.body(doc, "warm-throughput"),
                Sections.body(doc, "kafka-trigger"), goals);
        doc = Sections.put(doc, SummaryReport.SECTION, summary, true);
        Files.writeString(report, doc);
        System.out.println("report: wrote " + report + " and its charts in " + charts);
        goals.forEach(g -> System.out.println("  " + g.row()));
    }

    private static String missing(String title, String what) {
        return "## " + title + "\n\n_No results from " + what + " in the latest `benchmarks/run-all.sh` run: it failed or was skipped (see its output)._";
    }
}
