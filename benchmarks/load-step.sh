#!/usr/bin/env bash
# A load step, 1 → 50 concurrent calls, on a function whose calls take SLEEP_MS each
#   (python-hello's /sleep/<ms>, run as bench-step-python with limits.concurrency 8, scale 1..10 and
#   the autoscaler's default windows), so 50 calls need several instances. Phases: BASE at one
#   connection (wrk -t1 -c1), STEP at 50 (wrk -t2 -c50), then AFTER with no load. Every SAMPLE_MS
#   the function's instances by state, the autoscaler's desired count, the gateway's RSS and the load
#   average are sampled, so the report can tell when new instances served and draw the step.
#
# Writes to $BENCH_RESULTS (default a new temp dir): load-step.csv (samples), load-step-wrk.csv,
#   load-step-meta.csv. benchmarks/run-all.sh turns them into the report.
# Settings (environment): BASE (10 s), STEP (30 s), AFTER (10 s), CONNECTIONS (50), SLEEP_MS (100),
#   SAMPLE_MS (250), KEEP (1: leave the function).
set -euo pipefail
SCENARIO=load-step
# shellcheck source=benchmarks/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

BASE="${BASE:-10}"
STEP="${STEP:-30}"
AFTER="${AFTER:-10}"
CONNECTIONS="${CONNECTIONS:-50}"
SLEEP_MS="${SLEEP_MS:-100}"
SAMPLE_MS="${SAMPLE_MS:-250}"
for v in BASE STEP AFTER CONNECTIONS SLEEP_MS SAMPLE_MS; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done
[ "$(id -u)" -eq 0 ] || die "run me as root (I read the gateway token)"
require_tools curl jq awk wrk ps java mvn
read_token
OUT="${BENCH_RESULTS:-$(mktemp -d /tmp/stoker-load-step.XXXXXX)}"
mkdir -p "$OUT"
FUNCTION=bench-step-python
GW_PID="$(gateway_pid)"

IMAGE="$(image_of python-hello "$ROOT/function-templates/examples/python-hello")"
SPEC="{\"image\": \"$IMAGE\", \"limits\": {\"memory\": \"128Mi\", \"concurrency\": 8}, \"scale\": {\"min\": 1, \"max\": 10}}"
SAMPLER_PID=""
cleanup() {
    if [ -n "$SAMPLER_PID" ]; then kill "$SAMPLER_PID" 2>/dev/null || true; wait "$SAMPLER_PID" 2>/dev/null || true; fi
    [ "${KEEP:-0}" = 1 ] || delete_function "$FUNCTION"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

say "deploying $FUNCTION ($IMAGE)"
put_function "$FUNCTION" "$SPEC"
one_ready() { read -r _ ready busy _ _ total <<<"$(states "$FUNCTION")"; [ "$total" -eq 1 ] && [ $((ready + busy)) -eq 1 ]; }
wait_until 60 one_ready || die "$FUNCTION did not settle at one ready instance: $(states "$FUNCTION")"
URL="$GATEWAY/function/$FUNCTION/sleep/$SLEEP_MS"
code="$(curl -s -m 10 -o /dev/null -w '%{http_code}' "$URL" || true)"
[ "$code" = 200 ] || die "$URL answers '$code', not 200"

now_ms() { date +%s%3N; }

# Gateway RSS at rest: the function is idle, nothing else of ours runs.
sleep 2
RSS_REST="$(gateway_rss_kb "$GW_PID")"

# The sampler is a small JVM (benchmarks/report's Sampler): a shell loop forking curl and jq could
# not keep a 250 ms period on this machine. It writes the header of load-step.csv itself.
JAR="$(report_jar)"
CSV="$OUT/load-step.csv"
T0="$(now_ms)"
STOKER_TOKEN="$TOKEN" java -Xmx64m -XX:+UseSerialGC -cp "$JAR" io.stoker.benchmarks.report.Sampler \
    "$GATEWAY" "$FUNCTION" "$GW_PID" "$SAMPLE_MS" "$T0" "$CSV" &
SAMPLER_PID=$!

cat >"$OUT/report.lua" <<'EOF'
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format("BENCH requests=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket=%d\n",
        summary.requests, summary.requests / (summary.duration / 1e6), latency:percentile(50), latency:percentile(90),
        latency:percentile(99), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
EOF
field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }
echo "phase,connections,seconds,requests,rps,p50_us,p90_us,p99_us,max_us,non2xx,socket" >"$OUT/load-step-wrk.csv"
run_phase() { # NAME THREADS CONNECTIONS SECONDS
    local line
    line="$(timeout $(( $4 + 30 )) wrk -t"$2" -c"$3" -d"$4"s --timeout 30s -s "$OUT/report.lua" "$URL" | tee -a "$OUT/wrk-raw.log" | grep '^BENCH')" \
        || die "wrk ($1) failed or overran; see $OUT/wrk-raw.log"
    echo "$1,$3,$4,$(field "$line" requests),$(field "$line" rps),$(field "$line" p50_us),$(field "$line" p90_us),$(field "$line" p99_us),$(field "$line" max_us),$(field "$line" non2xx),$(field "$line" socket)" >>"$OUT/load-step-wrk.csv"
    say "$1: $(field "$line" rps) req/s at c=$3, p50 $(field "$line" p50_us) µs, non-2xx $(field "$line" non2xx), socket errors $(field "$line" socket)"
}

sleep 2 # the sampler's JVM starts
BASE_AT=$(( $(now_ms) - T0 ))
run_phase base 1 1 "$BASE"
STEP_AT=$(( $(now_ms) - T0 ))
run_phase step 2 "$CONNECTIONS" "$STEP"
AFTER_AT=$(( $(now_ms) - T0 ))
sleep "$AFTER"
END_AT=$(( $(now_ms) - T0 ))
kill "$SAMPLER_PID" 2>/dev/null || true
wait "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""

{
    echo "key,value"
    echo "function,$FUNCTION"
    echo "image,$IMAGE"
    echo "spec,$(jq -c . <<<"$SPEC" | tr , ' ')"
    echo "url_path,/function/$FUNCTION/sleep/$SLEEP_MS"
    echo "sleep_ms,$SLEEP_MS"
    echo "sample_ms,$SAMPLE_MS"
    echo "connections,$CONNECTIONS"
    echo "base_at_ms,$BASE_AT"
    echo "step_at_ms,$STEP_AT"
    echo "after_at_ms,$AFTER_AT"
    echo "end_at_ms,$END_AT"
    echo "rss_rest_kb,$RSS_REST"
} >"$OUT/load-step-meta.csv"
say "wrote $CSV ($(($(wc -l <"$CSV") - 1)) samples)"
