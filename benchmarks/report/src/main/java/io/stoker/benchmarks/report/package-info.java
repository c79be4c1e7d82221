/** Turns the CSV files the benchmark scripts write into the sections and PNG charts of docs/benchmarks.md. */
package io.stoker.benchmarks.report;
