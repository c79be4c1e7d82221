package io.stoker.benchmarks.report;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * load-step.sh's sampler: every period, a function's instances by state, three of its gauges and the gateway's RSS,
 * as one CSV line, until killed. One JVM instead of a shell loop because forking curl and jq several times a sample
 * could not keep a 250 ms period on a loaded 2-core machine.
 * Usage: {@code STOKER_TOKEN=… java -cp stoker-bench-report.jar io.stoker.benchmarks.report.Sampler GATEWAY FUNCTION GATEWAY_PID
 * PERIOD_MS T0_EPOCH_MS OUT_CSV} (the token in the environment, not on the command line where {@code ps} shows it).
 */
public final class Sampler {

    static final String HEADER = "t_ms,starting,ready,busy,paused,other,total,desired,inflight,queue,rss_kb,load1";
    private static final Pattern STATE = Pattern.compile("\"state\"\\s*:\\s*\"([A-Z_]+)\"");

    private Sampler() {
    }

    public static void main(String[] args) throws Exception {
        String token = System.getenv("STOKER_TOKEN");
        if (args.length != 6 || token == null || token.isBlank()) {
            System.err.println("usage: STOKER_TOKEN=... Sampler GATEWAY FUNCTION GATEWAY_PID PERIOD_MS T0_EPOCH_MS OUT_CSV");
            System.exit(2);
        }
        String gateway = args[0];
        String function = args[1];
        long period = Long.parseLong(args[3]);
        long t0 = Long.parseLong(args[4]);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest describe = HttpRequest.newBuilder(URI.create(gateway + "/v1/functions/" + function))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build();
        HttpRequest metrics = HttpRequest.newBuilder(URI.create(gateway + "/q/metrics")).timeout(Duration.ofSeconds(10)).build();
        Path status = Path.of("/proc", args[2], "status");
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(args[5])), true)) {
            out.println(HEADER);
            long next = System.currentTimeMillis();
            while (true) {
                long t = System.currentTimeMillis() - t0;
                CompletableFuture<HttpResponse<String>> d = http.sendAsync(describe, HttpResponse.BodyHandlers.ofString());
                CompletableFuture<HttpResponse<String>> m = http.sendAsync(metrics, HttpResponse.BodyHandlers.ofString());
                out.println(t + "," + states(body(d)) + "," + gauges(body(m), function) + "," + rssKb(status) + "," + load1());
                next += period;
                long wait = next - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                } else {
                    next = System.currentTimeMillis(); // behind: start again from now rather than burst
                }
            }
        }
    }

    private static String body(CompletableFuture<HttpResponse<String>> f) {
        try {
            HttpResponse<String> r = f.get();
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return ""; // a failed sample stays in the CSV as empty cells
        }
    }

    /** "starting,ready,busy,paused,other,total" from the function object's instance states; empty cells when unknown. */
    static String states(String json) {
        if (json.isEmpty()) {
            return ",,,,,";
        }
        int starting = 0;
        int ready = 0;
        int busy = 0;
        int paused = 0;
        int other = 0;
        Matcher m = STATE.matcher(json);
        while (m.find()) {
            switch (m.group(1)) {
                case "STARTING" -> starting++;
                case "READY" -> ready++;
                case "BUSY" -> busy++;
                case "PAUSED" -> paused++;
                default -> other++;
            }
        }
        return starting + "," + ready + "," + busy + "," + paused + "," + other + "," + (starting + ready + busy + paused + other);
    }

    /** "desired,inflight,queue" of one function from the Prometheus text. */
    static String gauges(String text, String function) {
        if (text.isEmpty()) {
            return ",,";
        }
        PromText p = PromText.parse(text.lines().filter(l -> l.startsWith("stoker_")).toList());
        Map<String, String> f = Map.of("function", function);
        return p.value("stoker_autoscaler_desired", f) + "," + p.value("stoker_inflight", f) + "," + p.value("stoker_queue_depth", f);
    }

    private static String rssKb(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmRSS:")) {
                    return line.replaceAll("[^0-9]", "");
                }
            }
        } catch (IOException e) {
            // the gateway is gone: an empty cell says so
        }
        return "";
    }

    private static String load1() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "";
        }
    }
}
