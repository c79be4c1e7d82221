package io.stoker.benchmarks.report;

/** One line of "against the goals": a goal of DESIGN.md, its target, this run's figure, and whether it was met. */
record Goal(String what, String target, String now, boolean met) {

    String row() {
        return "| " + what + " | " + target + " | " + now + " | " + (met ? "met" : "**not met**") + " |";
    }
}
