#!/usr/bin/env bash
# The cost of call records on the warm path: benchmarks/warm-throughput.sh twice in one run, once with records on
# (the default) and once with them off (STOKER_RECORDS_ENABLED=false), the gateway restarted by `bin/stoker down` and
# `bin/stoker up` before each, in the order ORDER ("on off"; give "off on" to check that the order does not matter).
# Writes the section records-overhead of docs/benchmarks.md: each run's gateway table side by side, and the
# difference in throughput and p99 per connection count. Two runs on a busy machine differ by their noise as well:
# compare the difference with the spread that warm-throughput's rounds show, and repeat before calling it a cost.
#
# Then, in each half, a paced run below saturation (wrk waits PACED_DELAY_MS between a connection's calls), and in the
# "on" half what became of the records (written, or dropped when the writer fell behind and the queue was full), and
# in each half the gateway's young GC pauses (with the records' store on the heap, as H2's was, they made the p99).
#
# Run as root after `bin/stoker up` (it restarts that gateway, so never on a gateway others use). Settings
# (environment): ORDER ("on off"); PACED_DELAY_MS (1), PACED_DURATION (10s), PACED_CONNECTIONS (16); GATEWAY_WARMUP (30s: load on bench-nginx right after each restart, so neither half
# measures the fresh JVM's compiler: without it both halves' first rounds came out at a third of their last);
# warm-throughput's own (DURATION, WARMUP, ROUNDS, CONNECTION_COUNTS, LOAD_MAX, ...)
# pass through. Leaves the gateway running with records on.
set -euo pipefail
SCENARIO=records-overhead
# shellcheck source=benchmarks/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
REPORT="$ROOT/docs/benchmarks.md"
ORDER="${ORDER:-on off}"
[ "$(id -u)" -eq 0 ] || die "run me as root (warm-throughput reads the gateway token and starts nginx)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

GATEWAY_WARMUP="${GATEWAY_WARMUP:-30s}"
PACED_DELAY_MS="${PACED_DELAY_MS:-1}"
PACED_DURATION="${PACED_DURATION:-10s}"
PACED_CONNECTIONS="${PACED_CONNECTIONS:-16}"
[[ "$PACED_DELAY_MS" =~ ^[0-9]+$ ]] || die "PACED_DELAY_MS must be whole milliseconds, got '$PACED_DELAY_MS'"
[[ "$PACED_DURATION" =~ ^[0-9]+s$ ]] || die "PACED_DURATION must be whole seconds like 10s, got '$PACED_DURATION'"
[[ "$PACED_CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "PACED_CONNECTIONS must be a positive integer"
FUNCTION_URL="$GATEWAY/function/bench-nginx/"
printf 'function delay()\n    return %d\nend\n' "$PACED_DELAY_MS" >"$WORK/paced.lua"
[[ "$GATEWAY_WARMUP" =~ ^[0-9]+s$ ]] || die "GATEWAY_WARMUP must be whole seconds like 30s, got '$GATEWAY_WARMUP'"

restart_gateway() {
    local enabled="$1"
    "$ROOT/bin/stoker" down >&2
    STOKER_RECORDS_ENABLED="$enabled" "$ROOT/bin/stoker" up >&2
}

# Load on the restarted gateway until its compiler has done the hot path; skipped when bench-nginx is not deployed
# yet (warm-throughput deploys it; that first half then starts on a cold JVM).
warm_gateway() {
    local url="${STOKER_GATEWAY:-http://127.0.0.1:8080}"
    url="${url%/}/function/bench-nginx/"
    if [ "$GATEWAY_WARMUP" != 0s ] && curl -fs -o /dev/null "$url"; then
        echo "records-overhead: $GATEWAY_WARMUP of load on the restarted gateway (its JIT)" >&2
        wrk -t2 -c16 -d"$GATEWAY_WARMUP" "$url" >/dev/null
    fi
}

# One value of the gateway's metrics (0 when it is not there).
metric() {
    curl -s -m 10 "$GATEWAY/q/metrics" | awk -v n="$1" '$1 == n { v = $2 } END { printf "%d", v + 0 }'
}

# Prints "written dropped" once the writer has taken everything queued (at most 300 s: it yields to any other work).
records_fate() {
    local waited=0
    while [ "$(metric stoker_records_queued)" -gt 0 ] && [ "$waited" -lt 300 ]; do
        sleep 2
        waited=$((waited + 2))
    done
    echo "$(metric stoker_records_written_total) $(metric stoker_records_dropped_total)"
}

# Prints "pauses total_ms" of the gateway's young GC pauses since its start (Micrometer's jvm_gc_pause_seconds).
young_gc() {
    curl -s -m 10 "$GATEWAY/q/metrics" | awk '/^jvm_gc_pause_seconds_(count|sum)[{].*Young/ {
            if ($1 ~ /_count/) { n += $NF } else { t += $NF } } END { printf "%d %d\n", n, t * 1000 }'
}

# wrk's latency percentile (50%, 99%) in ms, from its --latency output.
percentile_ms() {
    awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us$/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms$/, "", v) }
                             else if (v ~ /s$/) { sub(/s$/, "", v); v *= 1000 }; printf "%.3f", v }' "$2"
}

# A paced run below saturation: req/s|p50|p99 into $WORK/$1.paced.
paced_run() {
    local out="$WORK/$1.paced.out"
    say "records $1: paced run, $PACED_CONNECTIONS connections, ${PACED_DELAY_MS} ms between a connection's calls"
    wrk -t2 -c"$PACED_CONNECTIONS" -d"$PACED_DURATION" --latency -s "$WORK/paced.lua" "$FUNCTION_URL" >"$out"
    printf '%s|%s|%s\n' "$(awk '/^Requests\/sec:/ { printf "%d", $2 }' "$out")" "$(percentile_ms 50% "$out")" \
        "$(percentile_ms 99% "$out")" >"$WORK/$1.paced"
}

for mode in $ORDER; do
    case "$mode" in
        on) enabled=true ;;
        off) enabled=false ;;
        *) die "ORDER holds 'on' and 'off', not '$mode'" ;;
    esac
    echo "records-overhead: records $mode: restarting the gateway" >&2
    restart_gateway "$enabled"
    warm_gateway
    # warm-throughput prints its tables at the end; its own section of the report is the last run's
    "$HERE/warm-throughput.sh" >"$WORK/$mode.out"
    sed -n '/^| connections | target /,/^$/p' "$WORK/$mode.out" | grep -E '^\| [0-9]+ +\| gateway' >"$WORK/$mode.rows" \
        || die "no gateway rows in the output of warm-throughput.sh (records $mode); see $WORK/$mode.out"
    [ "$mode" = on ] && read -r saturated_written saturated_dropped < <(records_fate)
    paced_run "$mode"
    [ "$mode" = on ] && read -r paced_written paced_dropped < <(records_fate)
    young_gc >"$WORK/$mode.gc"
done
[ "$enabled" = true ] || restart_gateway true

# | connections | target | req/s | p50 | p99 | p99.9 |: the gateway's rows of both runs, joined on connections
SECTION_FILE="$WORK/section.md"
{
    echo "<!-- $SCENARIO:begin -->"
    echo "## Call records on the warm path"
    echo
    echo "_Written by \`benchmarks/records-overhead.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC') (order: $ORDER);"
    echo "re-running it replaces this section. Two runs of warm-throughput.sh, the gateway restarted before each and"
    echo "given $GATEWAY_WARMUP of load first;"
    echo "the difference includes the runs' own noise._"
    echo
    echo "Saturating (warm-throughput.sh, every connection calls again at once):"
    echo
    echo "| connections | req/s on | req/s off | on/off | p99 on | p99 off |"
    echo "|---|---|---|---|---|---|"
    # connections|req/s|p99 of each run, joined on connections: connections|req/s on|p99 on|req/s off|p99 off
    join -t'|' -j 1 <(awk -F'|' '{ gsub(/ /, ""); print $2 "|" $4 "|" $7 }' "$WORK/on.rows" | sort -t'|' -k1,1) \
        <(awk -F'|' '{ gsub(/ /, ""); print $2 "|" $4 "|" $7 }' "$WORK/off.rows" | sort -t'|' -k1,1) \
        | awk -F'|' '{ ratio = $4 > 0 ? sprintf("%.3f", $2 / $4) : "-";
                       printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, ratio, $3, $5 }' | sort -n -t'|' -k2
    echo
    echo "Paced, below saturation ($PACED_CONNECTIONS connections, each waiting $PACED_DELAY_MS ms between calls, $PACED_DURATION):"
    echo
    echo "| req/s on | req/s off | p50 on | p50 off | p99 on | p99 off |"
    echo "|---|---|---|---|---|---|"
    IFS='|' read -r on_rate on_p50 on_p99 <"$WORK/on.paced"
    IFS='|' read -r off_rate off_p50 off_p99 <"$WORK/off.paced"
    echo "| $on_rate | $off_rate | $on_p50 | $off_p50 | $on_p99 | $off_p99 |"
    echo
    echo "Records of the \"on\" half (the gateway's stoker_records_written_total and stoker_records_dropped_total, read"
    echo "once the queue was empty): after the saturating runs $saturated_written written, $saturated_dropped dropped;"
    echo "the paced run added $((paced_written - saturated_written)) written, $((paced_dropped - saturated_dropped)) dropped."
    echo
    read -r on_pauses on_gc_ms <"$WORK/on.gc"
    read -r off_pauses off_gc_ms <"$WORK/off.gc"
    echo "Young GC pauses of each half's gateway, from its start to the end of the paced run (jvm_gc_pause_seconds):"
    echo "on $on_pauses pauses, $on_gc_ms ms in all (average $((on_gc_ms / (on_pauses > 0 ? on_pauses : 1))) ms);"
    echo "off $off_pauses pauses, $off_gc_ms ms in all (average $((off_gc_ms / (off_pauses > 0 ? off_pauses : 1))) ms)."
    echo
    echo "<!-- $SCENARIO:end -->"
} >"$SECTION_FILE"
[ -s "$REPORT" ] || echo "# Benchmarks" >"$REPORT"
replace_section "$REPORT" "$SCENARIO" "$SECTION_FILE"
cat "$SECTION_FILE"
