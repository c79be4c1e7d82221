#!/usr/bin/env bash
# A chaos run (issue 8): for DURATION, a steady HTTP load on one function (chaos-http) and a steady keyed Kafka
# stream through the trigger of another (chaos-kafka, replies to <topic>.replies, dead letters to <topic>.dlt),
# while a seeded loop injects faults at random intervals, each enabled kind in turn (a shuffled round of them):
#   kill       docker kill of one of the two functions' containers
#   pause      docker pause of one of them from outside; unpaused after a few seconds, or (sometimes) left paused
#              until the end of the run
#   engine     deploy/engine.sh restart: dockerd stopped and started again (every container on the engine stops!)
#   broker     the project's broker (deploy/kafka/kafka.sh) stopped and started again
#   gateway    the gateway SIGKILLed, then started again with `bin/stoker up --no-examples`
#   rebalance  a second gateway (own STOKER_HOME, port, docker network) with the same function and trigger joins
#              the consumer group, holds partitions a while, then stops (SIGTERM) and leaves it
# Then, once the load stopped and things settled, it reads the reply and dead-letter topics back and reports per
# fault kind: injected, HTTP calls after it (until the next fault), HTTP errors by status, calls that HUNG past
# their deadline (function timeout + MARGIN; goal 0); and overall Kafka produced (acknowledged) / replied /
# dead-lettered / missing (goal 0) / duplicated, with missing and duplicates also attributed to a fault.
# Writes the report to benchmarks/results/chaos-<time>.md (and with WRITE_DOCS=1 to the chaos section of
# docs/benchmarks.md); raw data in CHAOS_OUT. Not part of run-all.sh nor of CI.
#
# Run as root after `bin/stoker up` (the gateway fault restarts it the same way). Uses the stack of STOKER_HOME,
# STOKER_GATEWAY, STOKER_KAFKA_PORT (and STOKER_ENGINE_NETWORK) like the other scripts.
#   sudo benchmarks/chaos.sh                                        # 10 minutes, every fault
#   sudo DURATION=2m SEED=7 FAULTS=kill,pause,broker,gateway,rebalance benchmarks/chaos.sh
#   benchmarks/chaos.sh --duration 2m --seed 7 --faults kill,pause --write-docs
# Settings (environment; flags --duration, --seed, --faults, --write-docs override):
#   DURATION (10m; s/m/h or seconds), SEED (random; printed: the same seed repeats the same faults and gaps),
#   FAULTS (kill,pause,engine,broker,gateway,rebalance), GAP_MIN / GAP_MAX (15 / 40 s between faults),
#   TIMEOUT (5: the functions' limits.timeout, s), MARGIN (2 s past it counts as hung), HTTP_WORKERS (4 calls
#   at a time), HTTP_PAUSE (0.05 s between one worker's calls), RATE (50 records/s), KEYS (40), PARTITIONS (4),
#   SETTLE (180 s at most for the last replies), LOOKAHEAD_MS (5000: a missing record is blamed on the last fault
#   before it was produced + this), PROGRESS (30 s), SECOND_PORT (gateway port + 1), SECOND_NETWORK
#   (stoker-chaos-b), CHAOS_OUT (raw data; default /tmp/stoker-chaos-<time>), KEEP=1 (keep functions and
#   topics), WRITE_DOCS=1, ALLOW_ENGINE_RESTART=1 (run the engine fault although other containers are running).
# Exit status: 0 when nothing hung and nothing was missing, 3 when a goal was missed, 1 on an error.
set -euo pipefail

SCENARIO=chaos
# shellcheck source=benchmarks/lib.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
KAFKA="$ROOT/deploy/kafka/kafka.sh"
ENGINE="$ROOT/deploy/engine.sh"
FUNCTION_DIR="$BENCH_HOME/functions/chaos-echo"
GATEWAY_JAR="$ROOT/gateway/target/quarkus-app/quarkus-run.jar"
ALL_FAULTS="kill,pause,engine,broker,gateway,rebalance"

usage() { sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed -e '$d' -e 's/^# \{0,1\}//'; }
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) DURATION="${2:?}"; shift 2 ;;
        --seed) SEED="${2:?}"; shift 2 ;;
        --faults) FAULTS="${2:?}"; shift 2 ;;
        --write-docs) WRITE_DOCS=1; shift ;;
        -h | --help) usage; exit 0 ;;
        *) die "unknown argument '$1' (see --help)" ;;
    esac
done

# seconds of "90", "90s", "10m", "1h"
to_seconds() {
    case "$1" in
        *h) echo $(( ${1%h} * 3600 )) ;;
        *m) echo $(( ${1%m} * 60 )) ;;
        *s) echo "${1%s}" ;;
        *) echo "$1" ;;
    esac
}
DURATION="${DURATION:-10m}"
[[ "$DURATION" =~ ^[1-9][0-9]*[smh]?$ ]] || die "DURATION='$DURATION' is not like 600, 90s, 10m or 1h"
DURATION_S="$(to_seconds "$DURATION")"
SEED="${SEED:-$(( $(date +%s) % 100000 ))}"
FAULTS="${FAULTS:-$ALL_FAULTS}"
GAP_MIN="${GAP_MIN:-15}"
GAP_MAX="${GAP_MAX:-40}"
TIMEOUT="${TIMEOUT:-5}"
MARGIN="${MARGIN:-2}"
HTTP_WORKERS="${HTTP_WORKERS:-4}"
HTTP_PAUSE="${HTTP_PAUSE:-0.05}"
RATE="${RATE:-50}"
KEYS="${KEYS:-40}"
PARTITIONS="${PARTITIONS:-4}"
SETTLE="${SETTLE:-180}"
LOOKAHEAD_MS="${LOOKAHEAD_MS:-5000}"
PROGRESS="${PROGRESS:-30}"
for v in SEED GAP_MIN GAP_MAX TIMEOUT MARGIN HTTP_WORKERS RATE KEYS PARTITIONS SETTLE LOOKAHEAD_MS PROGRESS; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v='${!v}' is not a whole number"
done
[ "$GAP_MIN" -ge 1 ] && [ "$GAP_MAX" -ge "$GAP_MIN" ] || die "need 1 <= GAP_MIN <= GAP_MAX"
[[ "$HTTP_PAUSE" =~ ^[0-9]+(\.[0-9]+)?$ ]] || die "HTTP_PAUSE='$HTTP_PAUSE' is not a number of seconds"
IFS=, read -r -a KINDS <<<"$FAULTS"
for k in "${KINDS[@]}"; do
    [[ ",$ALL_FAULTS," == *",$k,"* ]] || die "unknown fault '$k' in FAULTS (known: $ALL_FAULTS)"
done
[ "${#KINDS[@]}" -gt 0 ] || die "FAULTS is empty"
enabled() { [[ ",$FAULTS," == *",$1,"* ]]; }

GW_PORT="$(sed -E 's#^[a-z]+://[^:/]+:?([0-9]*).*#\1#' <<<"$GATEWAY")"
GW_PORT="${GW_PORT:-80}"
SECOND_PORT="${SECOND_PORT:-$((GW_PORT + 1))}"
SECOND_NETWORK="${SECOND_NETWORK:-stoker-chaos-b}"
NETWORK="${STOKER_ENGINE_NETWORK:-stoker-functions}"
BOOTSTRAP="127.0.0.1:${STOKER_KAFKA_PORT:-9092}"
# kafka.sh and `bin/stoker up` (the broker and gateway faults) must act on this stack, not the default one
export STOKER_HOME STOKER_GATEWAY="$GATEWAY"
HTTP_FN=chaos-http
KAFKA_FN=chaos-kafka
CLIENT_MAX=$((TIMEOUT + MARGIN + 3))

# ---- checks --------------------------------------------------------------------------------------

[ "$(id -u)" -eq 0 ] || die "run me as root (docker, the gateway's token, restarting services)"
require_tools curl jq docker java mvn awk setsid
read_token
"$KAFKA" status >/dev/null || die "no broker at $BOOTSTRAP: start the stack with 'bin/stoker up'"
if enabled gateway; then gateway_pid >/dev/null; fi
if enabled rebalance; then
    [ -f "$GATEWAY_JAR" ] || die "no $GATEWAY_JAR for the second gateway: run 'bin/stoker up' first"
    ! curl -s -m 2 -o /dev/null "http://127.0.0.1:$SECOND_PORT/" || die "something answers on port $SECOND_PORT: set SECOND_PORT"
fi
if enabled engine && [ "${ALLOW_ENGINE_RESTART:-}" != 1 ]; then
    # a restart stops every container of the engine: refuse while containers of other set-ups run
    others="$(docker ps --format '{{.Names}} {{.Networks}}' | awk -v n="$NETWORK" -v b="$SECOND_NETWORK" '$2 != n && $2 != b' || true)"
    [ -z "$others" ] || die "the engine fault restarts dockerd, which stops these containers of others too:
$others
Leave 'engine' out of FAULTS, or set ALLOW_ENGINE_RESTART=1 if this engine is yours alone."
fi

RUN="$(date -u +%Y%m%d-%H%M%S)"
OUT="${CHAOS_OUT:-/tmp/stoker-chaos-$RUN}"
mkdir -p "$OUT"
TOPIC="chaos-$RUN"
REPLIES="$TOPIC.replies"
DLT="$TOPIC.dlt"
JAR="$(report_jar)"

# ---- time, randomness, output --------------------------------------------------------------------

# epoch milliseconds without a fork (bash 5); now_ms prints it, set_ms sets MS (for the HTTP workers, which on a
# loaded 2-core machine spent more time forking than calling)
now_ms() { local t="${EPOCHREALTIME/./}"; echo "${t:0:13}"; }
set_ms() { MS="${EPOCHREALTIME/./}"; MS="${MS:0:13}"; }
T0_MS="$(now_ms)"
since() { echo "$(( ($(now_ms) - T0_MS) / 1000 ))"; }
note() { say "T+$(since)s $*"; }

# rand LOW HIGH: sets R (a global, not an echo: $(...) would run in a subshell and never advance the seeded
# sequence, so every draw would repeat)
RANDOM="$SEED"
R=0
rand() { R=$(( $1 + RANDOM % ($2 - $1 + 1) )); }

# ---- cleanup ---------------------------------------------------------------------------------------

BG_PIDS=()          # load, producer and progress loops of this script
PAUSED=()           # containers this script paused and has not unpaused
SECOND_PID=""       # the second gateway, while it runs
STOPPED_BROKER=""   # set while the broker fault has it down
STOPPED_ENGINE=""   # set while the engine fault has it down
KILLED_GATEWAY=""   # set while the gateway fault has it down
DEPLOYED=()

unpause_ours() {
    local c
    for c in "${PAUSED[@]}"; do
        if [ "$(docker inspect -f '{{.State.Paused}}' "$c" 2>/dev/null)" = true ]; then
            docker unpause "$c" >/dev/null 2>&1 && say "unpaused $c" || say "could not unpause $c"
        fi
    done
    PAUSED=()
}

stop_second() {
    [ -n "$SECOND_PID" ] || return 0
    kill -TERM "$SECOND_PID" 2>/dev/null || true
    local i
    for i in $(seq 1 400); do [ -d "/proc/$SECOND_PID" ] || break; sleep 0.1; done
    if [ -d "/proc/$SECOND_PID" ]; then kill -KILL "$SECOND_PID" 2>/dev/null || true; say "second gateway killed (no exit in 40 s)"; fi
    wait "$SECOND_PID" 2>/dev/null || true
    SECOND_PID=""
}

gateway_up_again() { timeout 300 "$STOKER" up --no-examples >>"$OUT/stoker-up.log" 2>&1; }

cleanup() {
    local rc=$? p
    trap - EXIT INT TERM
    for p in "${BG_PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
    for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
    unpause_ours
    stop_second
    # the second gateway's containers stay for adoption when it stops; nobody adopts them now
    docker ps -aq --filter "network=$SECOND_NETWORK" --filter label=stoker.function | xargs -r docker rm -f >/dev/null 2>&1 || true
    docker network rm "$SECOND_NETWORK" >/dev/null 2>&1 || true
    if [ -n "$STOPPED_ENGINE" ]; then "$ENGINE" start || say "could not start the engine again: run deploy/engine.sh start"; fi
    if [ -n "$STOPPED_BROKER" ]; then "$KAFKA" start >/dev/null || say "could not start the broker again: run bin/stoker up"; fi
    if [ -n "$KILLED_GATEWAY" ]; then gateway_up_again || say "could not start the gateway again: run bin/stoker up"; fi
    if [ "${KEEP:-}" != 1 ]; then
        for p in "${DEPLOYED[@]}"; do delete_function "$p"; done
        for p in "$TOPIC" "$REPLIES" "$DLT"; do
            "$KAFKA" tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --delete --topic "$p" \
                >/dev/null 2>&1 || true
        done
    fi
    say "raw data in $OUT"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- set-up ----------------------------------------------------------------------------------------

say "seed $SEED, duration ${DURATION_S}s, faults $FAULTS, gateway $GATEWAY, broker $BOOTSTRAP, raw data $OUT"
IMAGE="$(image_of chaos-echo "$FUNCTION_DIR")"
[ -n "$IMAGE" ] && [ "$IMAGE" != null ] || die "no image for chaos-echo"

for t in "$TOPIC" "$REPLIES" "$DLT"; do
    "$KAFKA" tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --topic "$t" \
        --partitions "$PARTITIONS" --replication-factor 1 >/dev/null
done
# A just-created topic can drop a producer's first batches while its leader settles (KAFKA-15591, fixed in
# Kafka 4.5): wait until every partition answers a leader-only request (list offsets) first.
leaders_ready() {
    [ "$("$KAFKA" tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" --topic "$TOPIC" \
        --time -1 2>/dev/null | grep -c "^$TOPIC:")" -eq "$PARTITIONS" ]
}
wait_until 60 leaders_ready || die "the partitions of $TOPIC have no leader after 60 s"

# Two functions from one image. pauseAfter 0: Stoker never pauses these itself, so every paused container is one
# this script paused (and unpauses). scale.min 2: a killed container leaves one serving while it is replaced.
spec_http="$(jq -cn --arg img "$IMAGE" --arg fn "$HTTP_FN" --arg t "${TIMEOUT}s" '{name: $fn, image: $img,
    limits: {timeout: $t, concurrency: 16, memory: "64Mi"}, scale: {min: 2, max: 4, pauseAfter: "0s"}}')"
# the trigger keeps Stoker's defaults (ordering key, 5 attempts, dead letters on) apart from the topics
SPEC_KAFKA="$(jq -cn --arg img "$IMAGE" --arg fn "$KAFKA_FN" --arg t "${TIMEOUT}s" --arg topic "$TOPIC" --arg r "$REPLIES" \
    '{name: $fn, image: $img, limits: {timeout: $t, concurrency: 16, memory: "64Mi"}, scale: {min: 2, max: 4, pauseAfter: "0s"},
      triggers: {kafka: [{topics: [$topic], replyTopic: $r, from: "earliest", concurrency: 8}]}}')"
say "deploying $HTTP_FN and $KAFKA_FN ($IMAGE)"
DEPLOYED+=("$HTTP_FN" "$KAFKA_FN")
put_function "$HTTP_FN" "$spec_http"
put_function "$KAFKA_FN" "$SPEC_KAFKA"
# both warm before the load starts, so the first fault is the first disturbance
wait_until 60 bash -c "[ \"\$(curl -s -m 5 -d ok '$GATEWAY/function/$HTTP_FN/')\" = ok ]" || die "$HTTP_FN does not answer"

# ---- load ------------------------------------------------------------------------------------------

T0_MS="$(now_ms)"  # progress times count from the start of the load
END_MS=$(( T0_MS + DURATION_S * 1000 ))

# http_worker N: calls chaos-http with a unique body until the end; one CSV line per call:
# end_ms,start_ms,status,seconds,curl_exit,body_ok  (status 000: no HTTP answer, see curl_exit)
http_worker() {
    local w="$1" i=0 start out rc last status secs ok MS
    exec >"$OUT/http-$w.csv"
    set_ms
    while [ "$MS" -lt "$END_MS" ]; do
        i=$((i + 1))
        start="$MS"
        rc=0
        out="$(curl -s -m "$CLIENT_MAX" --data-binary "h$w-$i" -w '\n%{http_code} %{time_total}' \
            "$GATEWAY/function/$HTTP_FN/")" || rc=$?
        set_ms
        # the body, a newline, then "status seconds" (curl writes that line even when the call failed)
        last="${out##*$'\n'}"
        status="${last%% *}"
        secs="${last#* }"
        ok=0
        [ "${out%$'\n'*}" != "h$w-$i" ] || ok=1
        echo "$MS,$start,${status:-000},${secs:-0},$rc,$ok"
        sleep "$HTTP_PAUSE"
        set_ms
    done
}

trigger_counts() {
    api GET "/v1/functions/$KAFKA_FN" 2>/dev/null | jq -r '.triggers[0] // {} |
        "received \(.received // 0), succeeded \(.succeeded // 0), retried \(.retried // 0), dead-lettered \(.deadLettered // 0), state \(.state // "?")"' \
        2>/dev/null || echo "unreadable (gateway away?)"
}

http_counts() {
    cat "$OUT"/http-*.csv 2>/dev/null | awk -F, -v lim="$((TIMEOUT + MARGIN))" '
        { n++; if ($3 != 200 || $6 != 1) e++; if ($4 > lim || $5 == 28) h++ }
        END { printf "%d calls, %d errors, %d hung", n, e, h }'
}

progress() {
    while sleep "$PROGRESS"; do
        read -r sent acked failed 2>/dev/null <"$OUT/producer.status" || true
        note "http: $(http_counts) | kafka: sent ${sent:-?}, acknowledged ${acked:-?}, failed ${failed:-?} | trigger: $(trigger_counts)"
    done
}

say "load: $HTTP_WORKERS HTTP workers on /function/$HTTP_FN, $RATE records/s over $KEYS keys to $TOPIC ($PARTITIONS partitions)"
for w in $(seq 1 "$HTTP_WORKERS"); do
    http_worker "$w" &
    BG_PIDS+=($!)
done
java -Xmx128m -XX:+UseSerialGC -cp "$JAR" io.stoker.benchmarks.report.ChaosKafka produce "$BOOTSTRAP" "$TOPIC" \
    "$RATE" "$KEYS" "$DURATION_S" "$RUN" "$OUT/produced.csv" "$OUT/producer.status" 2>"$OUT/producer.err" &
PRODUCER_PID=$!
BG_PIDS+=("$PRODUCER_PID")
progress &
BG_PIDS+=($!)
echo "at_ms,kind,detail" >"$OUT/faults.csv"

# ---- faults ----------------------------------------------------------------------------------------

DETAIL=""
# our_container: sets C to a random running container of the two functions on the main gateway's network
our_container() {
    local list
    mapfile -t list < <(docker ps -q --filter "network=$NETWORK" --filter status=running \
        --filter "label=stoker.function=$HTTP_FN"; docker ps -q --filter "network=$NETWORK" \
        --filter status=running --filter "label=stoker.function=$KAFKA_FN")
    C=""
    [ "${#list[@]}" -gt 0 ] || return 1
    rand 0 $(( ${#list[@]} - 1 ))
    C="${list[$R]}"
}
# the function a container serves; '?' once it is gone (docker inspect prints an empty line even then)
fn_of() {
    local f
    f="$(docker inspect -f '{{index .Config.Labels "stoker.function"}}' "$1" 2>/dev/null)" || f=""
    echo "${f:-?}"
}

fault_kill() {
    our_container || { DETAIL="skipped: no running container"; return 0; }
    DETAIL="killed $(fn_of "$C") container ${C:0:12}"
    docker kill "$C" >/dev/null 2>&1 || DETAIL="$DETAIL (docker kill failed: already gone?)"
}

fault_pause() {
    # the unpause decision is drawn first, so a seed gives the same draws whether or not a container is found
    local hold leave fn
    rand 3 8; hold=$R
    rand 1 4; leave=$(( R == 1 ))
    our_container || { DETAIL="skipped: no running container"; return 0; }
    # named before the pause: Stoker may remove a frozen container before it is thawed
    fn="$(fn_of "$C")"
    docker pause "$C" >/dev/null 2>&1 || { DETAIL="docker pause of ${C:0:12} failed"; return 0; }
    PAUSED+=("$C")
    if [ "$leave" = 1 ]; then
        DETAIL="paused $fn container ${C:0:12}, left paused (unpaused at the end)"
        return 0
    fi
    sleep "$hold"
    local thawed="unpaused"
    docker unpause "$C" >/dev/null 2>&1 || thawed="gone before the unpause (removed by Stoker?)"
    unset 'PAUSED[-1]'
    DETAIL="paused $fn container ${C:0:12} for ${hold}s; $thawed"
}

gateway_ready() { curl -sf -m 2 -o /dev/null "$GATEWAY/q/health/ready"; }

fault_engine() {
    local t="$SECONDS"
    STOPPED_ENGINE=1
    "$ENGINE" restart >>"$OUT/engine.log" 2>&1 || { DETAIL="deploy/engine.sh restart failed (see $OUT/engine.log)"; return 0; }
    STOPPED_ENGINE=""
    wait_until 120 gateway_ready || true
    DETAIL="engine back in $((SECONDS - t))s; gateway ready: $(gateway_ready && echo yes || echo "NO after 120s")"
}

fault_broker() {
    local down t="$SECONDS"
    rand 2 8; down=$R
    STOPPED_BROKER=1
    "$KAFKA" stop >>"$OUT/broker.log" 2>&1
    sleep "$down"
    "$KAFKA" start >>"$OUT/broker.log" 2>&1 || { DETAIL="kafka.sh start failed (see $OUT/broker.log)"; return 0; }
    STOPPED_BROKER=""
    DETAIL="broker down ${down}s, answering again after $((SECONDS - t))s"
}

fault_gateway() {
    local pid t="$SECONDS"
    pid="$(gateway_pid 2>/dev/null)" || {
        gateway_up_again || true
        DETAIL="skipped: the gateway was not running (started it again: $(gateway_ready && echo ready || echo NOT ready))"
        return 0
    }
    KILLED_GATEWAY=1
    kill -KILL "$pid"
    wait_until 10 bash -c "! [ -d /proc/$pid ]" || true
    if gateway_up_again; then
        KILLED_GATEWAY=""
        DETAIL="gateway pid $pid SIGKILLed; 'bin/stoker up' had it ready after $((SECONDS - t))s"
    else
        DETAIL="gateway pid $pid SIGKILLed; 'bin/stoker up' FAILED (see $OUT/stoker-up.log)"
    fi
}

second_api() {
    curl -s -m 30 -H "Authorization: Bearer $(cat "$OUT/gateway-b/token")" -H 'Content-Type: application/json' "$@"
}
second_holds_partitions() {
    [ "$(second_api "http://127.0.0.1:$SECOND_PORT/v1/functions/$KAFKA_FN" | jq '[.triggers[0].lag // [] | .[]] | length' 2>/dev/null)" -gt 0 ] 2>/dev/null
}

fault_rebalance() {
    local hold t="$SECONDS" held
    rand 10 20; hold=$R
    mkdir -p "$OUT/gateway-b"
    # as the tests' GatewayProcess runs a second gateway: the packaged jar, its own home, port and network
    STOKER_HOME="$OUT/gateway-b" STOKER_PORT="$SECOND_PORT" STOKER_ENGINE_NETWORK="$SECOND_NETWORK" \
        STOKER_KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" STOKER_TEMPLATES_DIR="$ROOT/function-templates" \
        setsid java -Xmx256m -jar "$GATEWAY_JAR" >>"$OUT/gateway-b.log" 2>&1 </dev/null &
    SECOND_PID=$!
    if ! wait_until 90 curl -sf -m 2 -o /dev/null "http://127.0.0.1:$SECOND_PORT/q/health/ready"; then
        stop_second
        DETAIL="second gateway not ready in 90s (see $OUT/gateway-b.log)"
        return 0
    fi
    # the same spec, so the same consumer group (stoker-chaos-kafka); restored from its home after the first time
    second_api -X PUT --data-binary "$SPEC_KAFKA" "http://127.0.0.1:$SECOND_PORT/v1/functions/$KAFKA_FN" >/dev/null || true
    if wait_until 60 second_holds_partitions; then held="joined after $((SECONDS - t))s"; else held="held NO partition within 60s"; fi
    sleep "$hold"
    stop_second
    DETAIL="second gateway $held, stayed ${hold}s, left (SIGTERM) after $((SECONDS - t))s in all"
}

# inject KIND: runs one fault and logs it (the time logged is when it began: errors after it are its own)
inject() {
    local at
    at="$(now_ms)"
    echo "$at,$1,started" >>"$OUT/faults.csv"
    note "fault $1: injecting"
    DETAIL=""
    # a fault that fails is reported as such; the run goes on (cleanup restores what it can at the end)
    "fault_$1" || DETAIL="${DETAIL:-failed} (exit $?)"
    # rewrite the line with what happened: one CSV field, so no commas or newlines, nor what sed would read
    DETAIL="${DETAIL//[$'\n'|&\\]/ }"
    DETAIL="${DETAIL//,/;}"
    sed -i "s|^$at,$1,started\$|$at,$1,$DETAIL|" "$OUT/faults.csv"
    note "fault $1: $DETAIL"
}

# one shuffled round of the enabled kinds after another, so each kind comes up equally often
ROUND=()
next_kind() {
    if [ "${#ROUND[@]}" -eq 0 ]; then
        ROUND=("${KINDS[@]}")
        local i j tmp
        for ((i = ${#ROUND[@]} - 1; i > 0; i--)); do
            rand 0 "$i"; j=$R
            tmp="${ROUND[$i]}"; ROUND[$i]="${ROUND[$j]}"; ROUND[$j]="$tmp"
        done
    fi
    KIND="${ROUND[0]}"
    ROUND=("${ROUND[@]:1}")
}

while :; do
    rand "$GAP_MIN" "$GAP_MAX"
    next_at=$(( $(now_ms) + R * 1000 ))
    # no fault starts in the last GAP_MIN seconds: the load sees each one's aftermath
    [ $((next_at + GAP_MIN * 1000)) -lt "$END_MS" ] || break
    while [ "$(now_ms)" -lt "$next_at" ]; do sleep 0.5; done
    next_kind
    inject "$KIND"
done
while [ "$(now_ms)" -lt "$END_MS" ]; do sleep 0.5; done
note "load ends"

# ---- settle and count ------------------------------------------------------------------------------

for p in "${BG_PIDS[@]}"; do
    [ "$p" = "$PRODUCER_PID" ] || kill -TERM "$p" 2>/dev/null || true
done
# the producer ends by itself; it waits for the broker's last acknowledgements (at most its delivery timeout)
wait "$PRODUCER_PID" || say "the producer exited with $? (see $OUT/producer.err)"
for p in "${BG_PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
BG_PIDS=()
if [ "${#PAUSED[@]}" -gt 0 ]; then note "unpausing ${#PAUSED[@]} container(s) left paused"; unpause_ours; fi
wait_until 120 gateway_ready || say "the gateway is not ready 120 s after the load ended"
note "reading back $REPLIES and $DLT (up to ${SETTLE}s for the last replies)"
java -Xmx256m -XX:+UseSerialGC -cp "$JAR" io.stoker.benchmarks.report.ChaosKafka count "$BOOTSTRAP" "$OUT/produced.csv" \
    "$REPLIES" "$DLT" "$OUT/faults.csv" "$SETTLE" "$LOOKAHEAD_MS" >"$OUT/kafka-count.txt" 2> >(tee "$OUT/count.err" >&2) \
    || say "counting the Kafka records failed (see $OUT/count.err); the Kafka figures below are '?'"
declare -A K
while IFS='=' read -r k v; do K[$k]="$v"; done <"$OUT/kafka-count.txt"
read -r K_SENT K_ACKED K_FAILED <"$OUT/producer.status"
TRIGGER_END="$(trigger_counts)"
cat "$OUT"/http-*.csv | sort -t, -k1,1n >"$OUT/http.csv"

# ---- report ----------------------------------------------------------------------------------------

# http_table: per fault kind (and "none": before the first fault), calls attributed to it (a call belongs to the
# last fault injected before it ENDED, so a call in flight when a fault strikes is that fault's), errors by status,
# hung calls, the slowest call, and the longest time from a fault to the last error it is blamed for.
http_table() {
    awk -F, -v lim="$((TIMEOUT + MARGIN))" -v kinds="none,$FAULTS" '
        NR == FNR { if (FNR > 1) { fat[++nf] = $1; fkind[nf] = $2; injected[$2]++ }; next }
        {
            while (cur < nf && fat[cur + 1] <= $1) cur++
            k = cur ? fkind[cur] : "none"
            calls[k]++
            if ($4 > slow[k]) slow[k] = $4
            hung_call = ($4 > lim || $5 == 28)
            if (hung_call) hung[k]++
            if ($3 != 200 || $6 != 1) {
                what = $3 == 200 ? "200 wrong body" : ($3 == "000" ? "000 (curl " $5 ")" : $3)
                err[k]++; by[k, what]++; if (!((k, what) in seen)) { seen[k, what] = 1; whats[k] = whats[k] (whats[k] ? ", " : "") what }
                if (cur) { span = ($1 - fat[cur]) / 1000; if (span > maxspan[k]) maxspan[k] = span }
            }
        }
        END {
            n = split(kinds, order, ",")
            for (i = 1; i <= n; i++) {
                k = order[i]
                if (k == "none" && !calls[k]) continue
                detail = ""
                m = split(whats[k], ws, ", ")
                for (j = 1; j <= m; j++) detail = detail (j > 1 ? ", " : "") ws[j] ": " by[k, ws[j]]
                printf "| %s | %s | %d | %d | %s | %d | %.2f s | %s |\n", k, (k == "none" ? "-" : injected[k] + 0), calls[k],
                    err[k], (detail ? detail : "-"), hung[k], slow[k], (err[k] && k != "none" ? sprintf("%.0f s", maxspan[k]) : "-")
                tc += calls[k]; te += err[k]; th += hung[k]; ti += injected[k]
            }
            printf "| **all** | %d | %d | %d | | %d | | |\n", ti, tc, te, th
        }' "$OUT/faults.csv" "$OUT/http.csv"
}

HUNG="$(awk -F, -v lim="$((TIMEOUT + MARGIN))" '$4 > lim || $5 == 28 { h++ } END { print h + 0 }' "$OUT/http.csv")"
by_fault() {
    local prefix="$1" out="" k
    for k in none "${KINDS[@]}"; do
        [ -z "${K[$prefix.$k]:-}" ] || out="${out:+$out, }$k ${K[$prefix.$k]}"
    done
    echo "${out:--}"
}
REPORT_FILE="$BENCH_HOME/results/chaos-$RUN.md"
mkdir -p "$(dirname "$REPORT_FILE")"
SECTION_FILE="$OUT/section.md"
{
    echo "<!-- chaos:begin -->"
    echo "## Chaos run"
    echo
    echo "\`benchmarks/chaos.sh\`, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores; commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')." \
        "\`DURATION=$DURATION SEED=$SEED FAULTS=$FAULTS\`, a fault every $GAP_MIN–$GAP_MAX s." \
        "HTTP: $HTTP_WORKERS workers calling \`/function/$HTTP_FN\` (python echo, \`limits.timeout\` ${TIMEOUT}s, 2–4 instances)" \
        "with curl (client timeout ${CLIENT_MAX}s); a call *hung* when it took more than $((TIMEOUT + MARGIN))s (timeout + ${MARGIN}s)." \
        "Kafka: $RATE records/s over $KEYS keys to a $PARTITIONS-partition topic, trigger of \`$KAFKA_FN\` with Stoker's defaults" \
        "(ordering key, 5 attempts) and a reply topic."
    echo
    echo "| fault | injected | HTTP calls after it | errors | errors by status | hung | slowest call | last error after the fault (max) |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|"
    http_table
    echo
    echo "A call is counted under the last fault injected before it ended (\`none\`: before the first fault); status" \
        "000 means no HTTP answer (curl exit 7: connection refused, 28: client timeout, 52/56: connection closed)."
    echo
    echo "| Kafka | records |"
    echo "|---|---:|"
    echo "| produced (acknowledged by the broker) | ${K[produced]:-?} |"
    echo "| not produced: send failed or not acknowledged (broker away; not counted above) | ${K_FAILED:-?} |"
    echo "| replied | ${K[replied]:-?} |"
    echo "| dead-lettered | ${K[dead_lettered]:-?} |"
    echo "| replied and dead-lettered | ${K[replied_and_dead_lettered]:-?} |"
    echo "| **missing** (neither; goal 0) | **${K[missing]:-?}** |"
    echo "| duplicated replies | ${K[duplicates]:-?} |"
    echo "| first replies out of order within a key | ${K[out_of_order]:-?} |"
    echo "| replies or dead letters of no produced record | ${K[unexpected]:-?} |"
    echo
    echo "Missing by fault (the last one injected before the record was produced + ${LOOKAHEAD_MS} ms): $(by_fault missing_by_fault)." \
        "Duplicates by fault (the last one before the duplicate was written): $(by_fault duplicates_by_fault)."
    [ -z "${K[missing_examples]:-}" ] || echo "Missing, e.g.: \`${K[missing_examples]}\`."
    [ -z "${K[out_of_order_examples]:-}" ] || echo "Out of order, e.g.: ${K[out_of_order_examples]}."
    echo "Trigger of the main gateway at the end: $TRIGGER_END."
    echo
    echo "Faults in order:"
    echo
    awk -F, -v t0="$T0_MS" 'NR > 1 { printf "- T+%ds %s: %s\n", ($1 - t0) / 1000, $2, $3 }' "$OUT/faults.csv"
    echo
    echo "<!-- chaos:end -->"
} >"$SECTION_FILE"
sed -e '/^<!-- chaos:/d' "$SECTION_FILE" >"$REPORT_FILE"
cat "$REPORT_FILE"
say "wrote ${REPORT_FILE#"$ROOT"/}"
if [ "${WRITE_DOCS:-}" = 1 ]; then
    touch "$ROOT/docs/benchmarks.md"
    replace_section "$ROOT/docs/benchmarks.md" chaos "$SECTION_FILE"
    say "wrote the 'chaos' section of docs/benchmarks.md"
fi
if [ "$HUNG" -gt 0 ] || [ "${K[missing]:-1}" != 0 ]; then
    say "GOAL MISSED: $HUNG HTTP call(s) hung past their deadline, ${K[missing]:-?} Kafka record(s) missing"
    exit 3
fi
say "goals met: no HTTP call hung, no Kafka record missing"
