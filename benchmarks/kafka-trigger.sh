#!/usr/bin/env bash
# Kafka trigger throughput: records per second through one trigger of a trivial function (bench-nginx:
# nginx answering 200 to any POST), beside Kafka's own consumer rate without Stoker, in one run:
#   1. produce N keyed records once to a fresh topic (ConsoleProducer, KEYS keys, PARTITIONS partitions);
#   2. (a) org.apache.kafka.tools.ConsumerPerformance reads them (no Stoker);
#      (b) a Stoker trigger reads them from earliest with `ordering: key`;
#      (c) the same with `ordering: none`;
#      for (b) and (c): time from the deploy (PUT, which starts the trigger) until every record is finished
#      (the trigger's succeeded + dead-lettered + dropped counters reach N), then a check that the consumer
#      group's committed lag is 0 (ConsumerGroupCommand) and that nothing was dead-lettered or dropped.
# Writes its section of docs/benchmarks.md (between the kafka-trigger markers) and nothing else there.
#
# Run as root after `bin/stoker up` (gateway at 127.0.0.1:8080, broker at 127.0.0.1:9092).
# Settings (environment): N (50000), KEYS (1000), PARTITIONS (4), VALUE_BYTES (100), TRIGGER_CONCURRENCY
#   (32 records in flight per partition), ROUNDS (3: each Stoker case this many times, alternating; every round and the median reported),
#   LIMIT (300 s per measured case), STOKER_GATEWAY, STOKER_HOME, STOKER_KAFKA_PORT (9092).
set -euo pipefail

SCENARIO=kafka-trigger
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
KAFKA="$ROOT/deploy/kafka/kafka.sh"
FUNCTION_DIR="$BENCH_HOME/functions/nginx-static"
REPORT="$ROOT/docs/benchmarks.md"
SECTION=kafka-trigger

N="${N:-50000}"
KEYS="${KEYS:-1000}"
PARTITIONS="${PARTITIONS:-4}"
VALUE_BYTES="${VALUE_BYTES:-100}"
TRIGGER_CONCURRENCY="${TRIGGER_CONCURRENCY:-32}"
ROUNDS="${ROUNDS:-3}"
LIMIT="${LIMIT:-300}"
BOOTSTRAP="127.0.0.1:${STOKER_KAFKA_PORT:-9092}"
for v in N KEYS PARTITIONS VALUE_BYTES TRIGGER_CONCURRENCY ROUNDS LIMIT; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v='${!v}' is not a positive whole number"
done

require_tools curl jq awk
read_token
"$KAFKA" status >/dev/null || die "no broker at $BOOTSTRAP: start it with 'deploy/kafka/kafka.sh start' (or 'bin/stoker up')"

RUN="$(date +%s)"
TOPIC="bench-kafka-$RUN"
WORK="$(mktemp -d)"
CREATED=()
cleanup() {
    local fn
    for fn in "${CREATED[@]}"; do delete_function "$fn"; done
    "$KAFKA" tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --topic "$TOPIC" \
        >/dev/null 2>&1 || say "could not delete topic $TOPIC"
}
trap cleanup EXIT

now_ms() { date +%s%3N; }

IMAGE="$(image_of bench-nginx "$FUNCTION_DIR")"
[ -n "$IMAGE" ] && [ "$IMAGE" != null ] || die "no image for bench-nginx"

# created before the probe below, whose trigger would otherwise auto-create it with one partition
say "creating $TOPIC ($PARTITIONS partitions)"
"$KAFKA" tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --topic "$TOPIC" \
    --partitions "$PARTITIONS" --replication-factor 1 >/dev/null

# The gateway must know triggers: an older build ignores them and would leave the records unread.
probe="bench-kt-probe-$RUN"
CREATED+=("$probe")
put_function "$probe" "$(jq -cn --arg img "$IMAGE" --arg fn "$probe" --arg t "$TOPIC" \
    '{name: $fn, image: $img, scale: {min: 0, max: 1}, triggers: {kafka: [{topics: [$t], from: "latest"}]}}')" \
    || die "deploying a function with a trigger failed"
api GET "/v1/functions/$probe" | jq -e '(.triggers | type) == "array" and (.triggers | length) == 1' >/dev/null \
    || die "the gateway at $GATEWAY shows no triggers in 'describe': it is an older build; restart it with 'bin/stoker up'"
delete_function "$probe"
CREATED=()

# ---- 1. the records, once -----------------------------------------------------------------------

say "producing $N records over $KEYS keys, $VALUE_BYTES-byte values"
# one request in flight: a just-created topic can otherwise lose the first batches (KAFKA-15591, fixed in Kafka 4.5)
t0="$(now_ms)"
awk -v n="$N" -v keys="$KEYS" -v bytes="$VALUE_BYTES" 'BEGIN {
        pad = sprintf("%*s", bytes, ""); gsub(/ /, "x", pad)
        for (i = 0; i < n; i++) { v = i ":" pad; print "k" (i % keys) "\t" substr(v, 1, bytes) }
    }' | "$KAFKA" tool org.apache.kafka.tools.ConsoleProducer --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
        --property parse.key=true --property "key.separator=	" \
        --producer-property acks=all --producer-property linger.ms=5 \
        --producer-property max.in.flight.requests.per.connection=1 >/dev/null
PRODUCE_MS=$(( $(now_ms) - t0 ))
# the end offsets prove what the broker holds
held="$("$KAFKA" tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
    --time -1 | awk -F: '{ s += $3 } END { print s + 0 }')"
[ "$held" -eq "$N" ] || die "the topic holds $held records, not $N"
say "produced $N records in $PRODUCE_MS ms"

# ---- 2a. Kafka's own consumer ------------------------------------------------------------------

say "(a) ConsumerPerformance"
"$KAFKA" tool org.apache.kafka.tools.ConsumerPerformance --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
    --messages "$N" --group "bench-perf-$RUN" --timeout 60000 >"$WORK/perf.csv"
# start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,
# fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec
read -r PERF_N PERF_RATE PERF_REBALANCE PERF_FETCH_RATE < <(awk -F', *' 'NR == 2 { printf "%d %.0f %d %.0f\n", $5, $6, $7, $10 }' "$WORK/perf.csv")
[ "${PERF_N:-0}" -eq "$N" ] || die "ConsumerPerformance read ${PERF_N:-0} records, not $N: $(cat "$WORK/perf.csv")"
say "(a) $PERF_RATE records/s overall, $PERF_FETCH_RATE records/s after joining the group ($PERF_REBALANCE ms)"

# ---- 2b/2c. a Stoker trigger -------------------------------------------------------------------

# trigger_status FN: "received finished deadLettered dropped retried" of the function's trigger
trigger_status() {
    api GET "/v1/functions/$1" 2>/dev/null | jq -r '.triggers[0] // {} |
        "\(.received // 0) \((.succeeded // 0) + (.deadLettered // 0) + (.dropped // 0)) \(.deadLettered // 0) \(.dropped // 0) \(.retried // 0) \(.succeeded // 0)"'
}

committed_lag() {
    "$KAFKA" tool org.apache.kafka.tools.consumer.group.ConsumerGroupCommand --bootstrap-server "$BOOTSTRAP" \
        --describe --group "stoker-$1" 2>/dev/null \
        | awk -v t="$TOPIC" '$2 == t { if ($6 ~ /^[0-9]+$/) lag += $6; else missing = 1; n++ }
            END { if (n == 0 || missing) print "unknown"; else print lag }'
}

# measure ORDERING ROUND: sets R_TOTAL R_STEADY R_FIRST_MS R_DONE_MS R_SUCCEEDED R_DEAD R_DROPPED R_RETRIED R_LAG
measure() {
    local ordering="$1" round="$2" fn="bench-kt-$1-$RUN-$2" spec t_put t_first="" t_done="" st received finished
    spec="$(jq -cn --arg img "$IMAGE" --arg fn "$fn" --arg t "$TOPIC" --arg o "$ordering" --argjson c "$TRIGGER_CONCURRENCY" \
        '{name: $fn, image: $img, limits: {concurrency: 256, memory: "64Mi"}, scale: {min: 1, max: 1},
          triggers: {kafka: [{topics: [$t], from: "earliest", ordering: $o, concurrency: $c}]}}')"
    CREATED+=("$fn")
    t_put="$(now_ms)"
    put_function "$fn" "$spec"
    local deadline=$((SECONDS + LIMIT))
    while :; do
        read -r received finished R_DEAD R_DROPPED R_RETRIED R_SUCCEEDED < <(trigger_status "$fn")
        if [ -z "$t_first" ] && [ "${received:-0}" -gt 0 ]; then t_first="$(now_ms)"; fi
        if [ "${finished:-0}" -ge "$N" ]; then t_done="$(now_ms)"; break; fi
        [ "$SECONDS" -lt "$deadline" ] || die "($ordering) only $finished of $N records finished within $LIMIT s"
        sleep 0.2
    done
    R_FIRST_MS=$((t_first - t_put))
    R_DONE_MS=$((t_done - t_put))
    R_TOTAL=$((N * 1000 / R_DONE_MS))
    R_STEADY=$((N * 1000 / (t_done - t_first > 0 ? t_done - t_first : 1)))
    # offsets are committed every 200 ms: give the last commit a moment
    R_LAG=unknown
    local i
    for i in $(seq 1 20); do
        R_LAG="$(committed_lag "$fn")"
        [ "$R_LAG" = 0 ] && break
        sleep 0.5
    done
    delete_function "$fn"
    say "($ordering, round $round) $N records: first read after $R_FIRST_MS ms, all finished after $R_DONE_MS ms:" \
        "$R_TOTAL records/s from the deploy, $R_STEADY records/s from the first read;" \
        "succeeded $R_SUCCEEDED, dead-lettered $R_DEAD, dropped $R_DROPPED, retried $R_RETRIED, committed lag $R_LAG"
    [ "$R_SUCCEEDED" -eq "$N" ] && [ "$R_LAG" = 0 ] || say "($ordering) NOT every record succeeded and was committed"
}

# median VALUES...: the middle value (the lower middle for an even count)
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A BEST ROWS STEADY
ROWS[key]="" ROWS[none]="" STEADY[key]="" STEADY[none]=""
# the orderings alternate, so a drift of the machine touches both alike
for round in $(seq 1 "$ROUNDS"); do
    for ordering in key none; do
        measure "$ordering" "$round"
        ROWS[$ordering]+="| Stoker trigger, \`ordering: $ordering\` (round $round) | $R_TOTAL | $R_STEADY | $R_FIRST_MS ms to the first record, $R_DONE_MS ms to the last | $R_SUCCEEDED / $R_DEAD / $R_DROPPED / $R_RETRIED | $R_LAG |"$'\n'
        STEADY[$ordering]+="$R_STEADY "
        [ "$R_SUCCEEDED" -eq "$N" ] && [ "$R_LAG" = 0 ] || LOST=1
    done
done
for ordering in key none; do
    # shellcheck disable=SC2086 # the list of figures, split on purpose
    BEST[$ordering]="$(median ${STEADY[$ordering]})"
done

# ---- the report --------------------------------------------------------------------------------

verdict() { if [ "$1" -ge 5000 ] && [ -z "${LOST:-}" ]; then echo "met"; else echo "not met"; fi; }
SECTION_FILE="$WORK/section.md"
{
    echo "<!-- $SECTION:begin -->"
    echo "## Kafka trigger throughput"
    echo
    echo "\`benchmarks/kafka-trigger.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores" \
        "($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)); broker, gateway, function and" \
        "tools on the same machine. $N records of $VALUE_BYTES bytes over $KEYS keys on $PARTITIONS partitions," \
        "produced once (in $PRODUCE_MS ms), then read from the start by each consumer below in turn. The function" \
        "is \`bench-nginx\` (nginx answering 200 to any POST, one instance, concurrency 256); the trigger allows" \
        "$TRIGGER_CONCURRENCY records in flight per partition, no reply topic."
    echo
    echo "| consumer | records/s from the start | records/s from the first record | timing | succeeded / dead-lettered / dropped / retried | committed lag after |"
    echo "|---|---:|---:|---|---|---:|"
    echo "| Kafka \`ConsumerPerformance\` (no Stoker, no calls) | $PERF_RATE | $PERF_FETCH_RATE | $PERF_REBALANCE ms joining the group | $PERF_N read / - / - / - | - |"
    printf '%s' "${ROWS[key]}" "${ROWS[none]}"
    echo
    echo "\"From the start\" counts from the deploy (\`PUT\`, which starts the trigger and the instance) or the" \
        "tool's start; \"from the first record\" leaves out joining the consumer group. Finished means the" \
        "trigger's succeeded + dead-lettered + dropped counters (\`describe -o json\`) reached $N; the committed lag" \
        "comes from \`ConsumerGroupCommand --describe --group stoker-<function>\` afterwards."
    echo
    echo "| goal | target | measured (median of $ROUNDS, from the first record) | verdict |"
    echo "|---|---|---:|---|"
    echo "| Kafka trigger, trivial function, \`ordering: key\` | ≥ 5,000 records/s, nothing lost | ${BEST[key]} | $(verdict "${BEST[key]}") |"
    echo "| Kafka trigger, trivial function, \`ordering: none\` | ≥ 5,000 records/s, nothing lost | ${BEST[none]} | $(verdict "${BEST[none]}") |"
    echo
    echo "<!-- $SECTION:end -->"
} >"$SECTION_FILE"

# Replace only this section, reading the file right before writing (others edit other sections).
mkdir -p "$(dirname "$REPORT")"
touch "$REPORT"
replace_section "$REPORT" "$SECTION" "$SECTION_FILE"
say "wrote the '$SECTION' section of ${REPORT#"$ROOT"/}"
cat "$SECTION_FILE"
rm -rf "$WORK"
