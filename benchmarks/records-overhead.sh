#!/usr/bin/env bash
# The cost of call records on the warm path: benchmarks/warm-throughput.sh twice in one run, once with records on
# (the default) and once with them off (STOKER_RECORDS_ENABLED=false), the gateway restarted by `bin/stoker down` and
# `bin/stoker up` before each, in the order ORDER ("on off"; give "off on" to check that the order does not matter).
# Writes the section records-overhead of docs/benchmarks.md: each run's gateway table side by side, and the
# difference in throughput and p99 per connection count. Two runs on a busy machine differ by their noise as well:
# compare the difference with the spread that warm-throughput's rounds show, and repeat before calling it a cost.
#
# Run as root after `bin/stoker up` (it restarts that gateway, so never on a gateway others use). Settings
# (environment): ORDER ("on off"); GATEWAY_WARMUP (30s: load on bench-nginx right after each restart, so neither half
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
    echo "| connections | req/s on | req/s off | on/off | p99 on | p99 off |"
    echo "|---|---|---|---|---|---|"
    # connections|req/s|p99 of each run, joined on connections: connections|req/s on|p99 on|req/s off|p99 off
    join -t'|' -j 1 <(awk -F'|' '{ gsub(/ /, ""); print $2 "|" $4 "|" $7 }' "$WORK/on.rows" | sort -t'|' -k1,1) \
        <(awk -F'|' '{ gsub(/ /, ""); print $2 "|" $4 "|" $7 }' "$WORK/off.rows" | sort -t'|' -k1,1) \
        | awk -F'|' '{ ratio = $4 > 0 ? sprintf("%.3f", $2 / $4) : "-";
                       printf "| %s | %s | %s | %s | %s | %s |\n", $1, $2, $4, ratio, $3, $5 }' | sort -n -t'|' -k2
    echo
    echo "<!-- $SCENARIO:end -->"
} >"$SECTION_FILE"
[ -s "$REPORT" ] || echo "# Benchmarks" >"$REPORT"
replace_section "$REPORT" "$SCENARIO" "$SECTION_FILE"
cat "$SECTION_FILE"
