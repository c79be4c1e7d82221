package io.stoker.benchmarks.report;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The run-all section: when, where and how the whole suite ran, and every goal of DESIGN.md against this run. */
final class SummaryReport {

    static final String SECTION = "run-all";

    private final Path results;

    SummaryReport(Path results) {
        this.results = results;
    }

    /** The goal rows of another script's section (its table whose header starts "| goal |"), as that script wrote them. */
    static List<String> goalRows(String warmSection) {
        List<String> rows = new ArrayList<>();
        if (warmSection == null) {
            return rows;
        }
        boolean inGoals = false;
        for (String line : warmSection.split("\n")) {
            if (line.startsWith("| goal |")) {
                inGoals = true;
            } else if (inGoals && line.startsWith("|---")) {
                continue;
            } else if (inGoals && line.startsWith("|")) {
                rows.add(line);
            } else if (inGoals) {
                break;
            }
        }
        return rows;
    }

    String markdown(String warmSection, String kafkaSection, List<Goal> goals) {
        Map<String, String> meta = Csv.keyValues(results.resolve("run-all-meta.csv"));
        Map<String, String> machine = Csv.keyValues(results.resolve("machine.csv"));
        StringBuilder md = new StringBuilder();
        md.append("## Latest full run\n\n");
        md.append("_Written by `benchmarks/run-all.sh` on ").append(machine.getOrDefault("date", "?"))
                .append("; re-running it replaces this section and the scenario sections below._\n\n");
        md.append("Command: `").append(meta.getOrDefault("command", "benchmarks/run-all.sh"))
                .append("` as root after `bin/stoker up`").append(meta.containsKey("settings") ? ", with " + meta.get("settings") : "")
                .append(". Raw results (CSV, Prometheus snapshots, wrk output) went to `")
                .append(meta.getOrDefault("results", "?")).append("`.\n\n");
        md.append("| machine | |\n|---|---|\n");
        for (String k : List.of("cpu", "memory", "kernel", "docker", "java", "wrk")) {
            md.append("| ").append(k).append(" | ").append(machine.getOrDefault(k, "?")).append(" |\n");
        }
        Path loads = results.resolve("loads.csv");
        if (Files.exists(loads)) {
            md.append("\nThe machine is shared (2 cores; other builds ran at the same time), so the load average is given\n");
            md.append("per scenario; the load generator, the gateway and the functions also share these cores.\n\n");
            md.append("| scenario | outcome | load average (1 min) at start | at end |\n|---|---|---:|---:|\n");
            for (Map<String, String> l : Csv.rows(loads)) {
                md.append("| ").append(l.get("scenario")).append(" | ").append(l.get("outcome")).append(" | ")
                        .append(l.get("load_start")).append(" | ").append(l.get("load_end")).append(" |\n");
            }
        }
        md.append("\n### Against the goals (DESIGN.md, \"Performance goals\")\n\n");
        md.append("| goal | target | now | |\n|---|---|---|---|\n");
        goalRows(warmSection).forEach(r -> md.append(r).append("\n"));
        goals.forEach(g -> md.append(g.row()).append("\n"));
        List<String> kafka = goalRows(kafkaSection);
        if (kafka.isEmpty()) {
            md.append("| Kafka trigger, trivial function, one gateway on 2 cores | ≥ 5,000 records/s, nothing lost | not measured | — |\n");
        }
        kafka.forEach(r -> md.append(r).append("\n"));
        md.append("\nThe warm-throughput rows come from its section below, and the Kafka rows from the kafka-trigger\n");
        md.append("section (`benchmarks/kafka-trigger.sh`, not run by `run-all.sh`; see its date there), as those scripts wrote them.\n");
        md.append("Details, and how each figure was measured, in the sections below.\n");
        return md.toString();
    }
}
