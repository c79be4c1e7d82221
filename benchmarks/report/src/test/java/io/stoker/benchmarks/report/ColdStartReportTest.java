package io.stoker.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ColdStartReportTest {

    @TempDir
    Path results;

    private void write(String csvRows) throws Exception {
        Files.writeString(results.resolve("cold-start.csv"),
                "function,variant,mode,try,seconds,status,instance,load1\n" + csvRows);
        Files.writeString(results.resolve("cold-start-before.prom"), "");
        Files.writeString(results.resolve("cold-start-after.prom"), "");
        Files.writeString(results.resolve("cold-start-meta.csv"), "key,value\ntries,3\nnetwork,stoker-functions\n");
    }

    @Test
    void theColdStartGoalIsAgainstTheEngineOwnStartInTheSameRun() throws Exception {
        write("""
                bench-zero-nginx,nginx-static,zero,1,0.700,200,a,1.0
                bench-zero-nginx,nginx-static,zero,2,0.650,200,b,1.0
                bench-zero-nginx,nginx-static,zero,3,0.690,200,c,1.0
                bench-standby-nginx,nginx-static,standby,1,0.030,200,s,1.0
                engine-nginx,nginx-static,engine,1,0.660,200,none,1.0
                engine-nginx,nginx-static,engine,2,0.700,200,none,1.0
                engine-nginx,nginx-static,engine,3,0.720,200,none,1.0
                """);
        ColdStartReport report = new ColdStartReport(results);
        assertThat(report.goals()).extracting(Goal::row).containsExactly(
                "| first answer from zero instances, small image (nginx-static), p50 | ≤ 1.0× the engine's own create + start"
                        + " + first answer | 0.99× (690 ms against 700 ms) | met |",
                "| first answer from a paused standby, small image (nginx-static), p50 | ≤ 40 ms | 30.0 ms | met |");
        assertThat(report.markdown(results)).contains("| nginx-static | engine only: create + start + first answer | 3 | 3 |");
    }

    @Test
    void slowerThanTheEngineIsNotMetAndNoYardstickIsNotMetEither() throws Exception {
        write("""
                bench-zero-nginx,nginx-static,zero,1,0.800,200,a,1.0
                engine-nginx,nginx-static,engine,1,0.700,200,none,1.0
                """);
        assertThat(new ColdStartReport(results).goals()).singleElement()
                .satisfies(g -> assertThat(g.row()).contains("1.14× (800 ms against 700 ms)").endsWith("**not met** |"));
        write("bench-zero-nginx,nginx-static,zero,1,0.800,200,a,1.0\n");
        assertThat(new ColdStartReport(results).goals()).singleElement()
                .satisfies(g -> assertThat(g.row()).contains("engine not measured").endsWith("**not met** |"));
    }
}
