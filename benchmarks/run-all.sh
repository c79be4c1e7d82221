#!/usr/bin/env bash
# Every benchmark scenario in one run, then the report: docs/benchmarks.md and its PNG charts.
#   1. warm-throughput.sh  warm throughput and added latency (its own section of the report)
#   2. cold-start.sh       first call from zero instances and from a paused standby
#   3. load-step.sh        scale-up after a 1 → 50 load step
#   4. gateway memory      the gateway's RSS at rest, during 1 (sampled here) and during 3
#   Then benchmarks/report (a small Java program, XChart) turns the results into the sections
#   run-all, cold-start, load-step and gateway-memory of docs/benchmarks.md and the charts
#   docs/benchmarks-cold-start.png, docs/benchmarks-load-step.png, docs/benchmarks-gateway-memory.png.
#   A scenario that fails is reported as such; the others still run.
#
# Run as root after `bin/stoker up` (wrk, nginx, jq, Maven and a JDK 17 needed).
# Settings (environment): SKIP (scenarios to leave out, e.g. "warm-throughput,cold-start"),
#   LOAD_MAX (1.5) and LOAD_WAIT (120 s): before each scenario wait while the 1-minute load average
#   is above LOAD_MAX, at most LOAD_WAIT; BENCH_RESULTS (raw results; default /tmp/stoker-bench-<time>).
#   Each scenario's own settings pass through: DURATION, WARMUP, ROUNDS, CONNECTION_COUNTS (warm-throughput), TRIES
#   (cold-start), BASE, STEP, CONNECTIONS, SLEEP_MS (load-step).
set -euo pipefail
SCENARIO=run-all
# shellcheck source=benchmarks/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SKIP="${SKIP:-}"
LOAD_MAX="${LOAD_MAX:-1.5}"
LOAD_WAIT="${LOAD_WAIT:-120}"
[[ "$LOAD_WAIT" =~ ^[0-9]+$ ]] || die "LOAD_WAIT must be whole seconds, got '$LOAD_WAIT'"
[[ "$LOAD_MAX" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "LOAD_MAX must be a number, got '$LOAD_MAX'"
[ "$(id -u)" -eq 0 ] || die "run me as root (the scenarios read the gateway token and start nginx)"
require_tools curl jq wrk nginx docker mvn java awk ps
read_token
GW_PID="$(gateway_pid)"
RESULTS="${BENCH_RESULTS:-/tmp/stoker-bench-$(date -u +%Y%m%d-%H%M%S)}"
mkdir -p "$RESULTS"
export BENCH_RESULTS="$RESULTS"
REPORT="$ROOT/docs/benchmarks.md"

settings=""
for v in SKIP LOAD_MAX LOAD_WAIT DURATION WARMUP ROUNDS CONNECTION_COUNTS TRIES BASE STEP CONNECTIONS SLEEP_MS; do
    [ -z "${!v:-}" ] || settings="${settings:+$settings }$v=${!v}"
done
machine_csv "$RESULTS/machine.csv"
{
    echo "key,value"
    echo "command,benchmarks/run-all.sh"
    echo "results,$RESULTS"
    [ -z "$settings" ] || echo "settings,$settings"
} >"$RESULTS/run-all-meta.csv"
# Reusing a results directory (BENCH_RESULTS) with SKIP re-runs some scenarios and keeps the others' results.
[ ! -f "$RESULTS/loads.csv" ] || mv "$RESULTS/loads.csv" "$RESULTS/loads-previous.csv"
echo "scenario,outcome,load_start,load_end" >"$RESULTS/loads.csv"

RSS_PID=""
stop_rss() {
    if [ -n "$RSS_PID" ]; then kill "$RSS_PID" 2>/dev/null || true; wait "$RSS_PID" 2>/dev/null || true; RSS_PID=""; fi
}
trap stop_rss EXIT
trap 'exit 130' INT TERM
# rss_sampler FILE: the gateway's RSS once a second until stopped.
rss_sampler() {
    local t0
    t0="$(date +%s%3N)"
    echo "t_ms,rss_kb,load1" >"$1"
    while :; do
        echo "$(( $(date +%s%3N) - t0 )),$(gateway_rss_kb "$GW_PID"),$(load1)" >>"$1"
        sleep 1
    done
}

above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }
wait_quiet() {
    local waited=0
    while above "$(load1)" "$LOAD_MAX" && [ "$waited" -lt "$LOAD_WAIT" ]; do
        say "load average $(load1) > $LOAD_MAX: waiting (at most $((LOAD_WAIT - waited)) s more)"
        sleep 15
        waited=$((waited + 15))
    done
}

FAILED=()
# run_scenario NAME COMMAND...: runs one scenario unless skipped; records its outcome and load averages.
run_scenario() {
    local name="$1" start rc=0
    shift
    if [[ ",$SKIP," == *",$name,"* ]]; then
        local earlier
        # (no earlier results file, or no line in it: grep fails, which pipefail must not turn into an exit)
        earlier="$({ grep "^$name,completed" "$RESULTS/loads-previous.csv" 2>/dev/null || true; } | head -n1 | cut -d, -f3-)"
        if [ -n "$earlier" ]; then
            echo "$name,completed in an earlier run into the same results directory,$earlier" >>"$RESULTS/loads.csv"
        else
            echo "$name,skipped,—,—" >>"$RESULTS/loads.csv"
        fi
        say "skipping $name"
        return 0
    fi
    wait_quiet
    start="$(load1)"
    say "=== $name (load average $start) ==="
    "$@" || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "$name,completed,$start,$(load1)" >>"$RESULTS/loads.csv"
    else
        echo "$name,**failed** (exit $rc),$start,$(load1)" >>"$RESULTS/loads.csv"
        FAILED+=("$name")
        say "$name failed (exit $rc); going on with the others"
    fi
}

JAR="$(report_jar)" # first, so a broken report program fails before ten minutes of measuring
say "results go to $RESULTS"
say "gateway RSS at rest (5 samples)"
rss_sampler "$RESULTS/rss-rest.csv" &
RSS_PID=$!
sleep 5
stop_rss

warm() {
    rss_sampler "$RESULTS/rss-warm.csv" &
    RSS_PID=$!
    local rc=0
    BENCH_OUT="$RESULTS/warm-throughput" LOAD_WAIT="$LOAD_WAIT" LOAD_MAX="$LOAD_MAX" "$BENCH_HOME/warm-throughput.sh" || rc=$?
    stop_rss
    return "$rc"
}
run_scenario warm-throughput warm
run_scenario cold-start "$BENCH_HOME/cold-start.sh"
run_scenario load-step "$BENCH_HOME/load-step.sh"

say "=== report ==="
java -jar "$JAR" "$RESULTS" "$REPORT" \
    || die "the report program failed (above); the results are in $RESULTS"
say "raw results: $RESULTS"
if [ "${#FAILED[@]}" -gt 0 ]; then
    die "failed: ${FAILED[*]} (the report says so)"
fi
