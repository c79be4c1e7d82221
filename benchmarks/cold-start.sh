#!/usr/bin/env bash
# First call from zero instances and from a paused standby, for a trivial image (nginx-static) and
#   for the java template (java-hello), side by side in one run. Four functions run the already
#   built images through PUT /v1/functions/NAME:
#     bench-zero-nginx, bench-zero-java        min 0, max 1, no pausing, stop after 1 s idle
#     bench-standby-nginx, bench-standby-java  min 0, max 1, standby 1, pause after 1 s idle
#   All four use a 2 s autoscaler window and no zero grace, so demand is forgotten quickly.
#   Each try, per function in turn: wait until it is at rest (no instance at all; or one PAUSED and
#   nothing else), then time one GET with curl's %{time_total}. The pool's own start times
#   (stoker_instance_start_seconds) are snapshot before and after. In the same rotation, the yardstick:
#   the engine's own create + start + first answer of the nginx image on the gateway's network, with
#   an instance's settings, straight on the engine's socket (report/'s EngineStart; no Stoker at all).
#
# Writes to $BENCH_RESULTS (default a new temp dir): cold-start.csv, cold-start-before.prom,
#   cold-start-after.prom, cold-start-meta.csv. benchmarks/run-all.sh turns them into the report.
# Settings (environment): TRIES (20), SETTLE_TIMEOUT (60 s per try), KEEP (1: leave the functions),
#   STOKER_ENGINE_NETWORK (the gateway's network, stoker-functions), DOCKER_HOST (the engine's socket).
set -euo pipefail
SCENARIO=cold-start
# shellcheck source=benchmarks/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TRIES="${TRIES:-20}"
SETTLE_TIMEOUT="${SETTLE_TIMEOUT:-60}"
[[ "$TRIES" =~ ^[1-9][0-9]*$ ]] || die "TRIES must be a positive integer, got '$TRIES'"
[[ "$SETTLE_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || die "SETTLE_TIMEOUT must be whole seconds, got '$SETTLE_TIMEOUT'"
[ "$(id -u)" -eq 0 ] || die "run me as root (I read the gateway token)"
require_tools curl jq awk
read_token
OUT="${BENCH_RESULTS:-$(mktemp -d /tmp/stoker-cold-start.XXXXXX)}"
mkdir -p "$OUT"

JAR="$(report_jar)"
NETWORK="${STOKER_ENGINE_NETWORK:-stoker-functions}"
ENGINE_HOST="${DOCKER_HOST:-unix:///var/run/docker.sock}"
[[ "$ENGINE_HOST" == unix://* ]] || die "the engine yardstick needs a unix socket engine, DOCKER_HOST is '$ENGINE_HOST'"
ENGINE_SOCKET="${ENGINE_HOST#unix://}"
NGINX_IMAGE="$(image_of bench-nginx "$BENCH_HOME/functions/nginx-static")"
JAVA_IMAGE="$(image_of java-hello "$ROOT/function-templates/examples/java-hello")"
say "images: $NGINX_IMAGE, $JAVA_IMAGE"

FAST='"window": "2s", "panicWindow": "1s", "zeroGrace": "0s"'
ZERO_SCALE="{\"min\": 0, \"max\": 1, \"idle\": \"1s\", \"pauseAfter\": \"0s\", $FAST}"
STANDBY_SCALE="{\"min\": 0, \"max\": 1, \"idle\": \"10m\", \"pauseAfter\": \"1s\", \"standby\": 1, $FAST}"
declare -A SPEC=(
    [bench-zero-nginx]="{\"image\": \"$NGINX_IMAGE\", \"limits\": {\"memory\": \"64Mi\", \"concurrency\": 256}, \"scale\": $ZERO_SCALE}"
    [bench-standby-nginx]="{\"image\": \"$NGINX_IMAGE\", \"limits\": {\"memory\": \"64Mi\", \"concurrency\": 256}, \"scale\": $STANDBY_SCALE}"
    [bench-zero-java]="{\"image\": \"$JAVA_IMAGE\", \"limits\": {\"memory\": \"256Mi\", \"cpu\": 1}, \"scale\": $ZERO_SCALE}"
    [bench-standby-java]="{\"image\": \"$JAVA_IMAGE\", \"limits\": {\"memory\": \"256Mi\", \"cpu\": 1}, \"scale\": $STANDBY_SCALE}"
)
FUNCTIONS=(bench-zero-nginx bench-standby-nginx bench-zero-java bench-standby-java)
ENGINE=engine-nginx # not a function: the engine's own cold start of the same image, in the same rotation
ROTATION=("${FUNCTIONS[@]}" "$ENGINE")
# variant and mode of each function, for the report
declare -A VARIANT=([bench-zero-nginx]=nginx-static [bench-standby-nginx]=nginx-static [bench-zero-java]=java-hello [bench-standby-java]=java-hello)
declare -A MODE=([bench-zero-nginx]=zero [bench-standby-nginx]=standby [bench-zero-java]=zero [bench-standby-java]=standby)

cleanup() {
    if [ "${KEEP:-0}" != 1 ]; then
        for f in "${FUNCTIONS[@]}"; do delete_function "$f"; done
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for f in "${FUNCTIONS[@]}"; do
    say "deploying $f"
    put_function "$f" "${SPEC[$f]}"
done

# at_rest NAME: zero mode → no instance at all; standby mode → exactly one instance, PAUSED.
at_rest() {
    local s
    s="$(states "$1")" || return 1
    read -r starting ready busy paused other total <<<"$s"
    if [ "${MODE[$1]}" = zero ]; then [ "$total" -eq 0 ]; else [ "$paused" -ge 1 ] && [ "$total" -eq "$paused" ]; fi
}

settle() {
    wait_until "$SETTLE_TIMEOUT" at_rest "$1" \
        || die "$1 did not come to rest (${MODE[$1]}) within ${SETTLE_TIMEOUT}s; states (starting ready busy paused other total): $(states "$1")"
}

for f in "${FUNCTIONS[@]}"; do settle "$f"; done
metrics_of "${FUNCTIONS[@]}" >"$OUT/cold-start-before.prom"
CSV="$OUT/cold-start.csv"
echo "function,variant,mode,try,seconds,status,instance,load1" >"$CSV"
LOAD_START="$(load1)"
HDR="$(mktemp)"
# engine_try: one create + start + first answer on the engine's socket; prints "status seconds".
engine_try() {
    local line total
    line="$(java -cp "$JAR" io.stoker.benchmarks.report.EngineStart "$ENGINE_SOCKET" "$NGINX_IMAGE" "$NETWORK" \
        $((64 * 1024 * 1024)) 8080 2>"$OUT/engine-start.err" | tail -n1)" || { echo "000 0"; return; }
    echo "$line" >>"$OUT/engine-start.txt"
    total="$(awk '{ print $5 }' <<<"$line")"
    if [ -z "$total" ] || [ "$total" = nan ]; then echo "000 0"; else awk -v t="$total" 'BEGIN { printf "200 %.6f\n", t / 1000 }'; fi
}
echo "create_ms start_ms inspect_ms answer_ms total_ms" >"$OUT/engine-start.txt"
for try in $(seq 1 "$TRIES"); do
    n=${#ROTATION[@]}
    for i in $(seq 0 $((n - 1))); do
        # the order rotates so no function always follows the same one
        f="${ROTATION[$(( (try - 1 + i) % n ))]}"
        if [ "$f" = "$ENGINE" ]; then
            sleep 0.2
            l="$(load1)"
            r="$(engine_try)"
            echo "$f,nginx-static,engine,$try,${r#* },${r% *},none,$l" >>"$CSV"
            say "try $try/$TRIES $f (engine only): ${r% *} in ${r#* } s (load $l)"
            continue
        fi
        settle "$f"
        sleep 0.2 # let the engine finish the stop or pause it just reported
        l="$(load1)"
        r="$(curl -s -m 60 -o /dev/null -D "$HDR" -w '%{http_code} %{time_total}' "$GATEWAY/function/$f/" || echo "000 0")"
        inst="$(awk -F': *' 'tolower($1) == "x-stoker-instance" { gsub(/\r/, "", $2); print $2 }' "$HDR")"
        echo "$f,${VARIANT[$f]},${MODE[$f]},$try,${r#* },${r% *},${inst:-none},$l" >>"$CSV"
        say "try $try/$TRIES $f: ${r% *} in ${r#* } s (instance ${inst:-none}, load $l)"
    done
done
rm -f "$HDR"
LOAD_END="$(load1)"
# The last calls' starts are recorded once the instances are ready, which they are by now.
metrics_of "${FUNCTIONS[@]}" >"$OUT/cold-start-after.prom"
{
    echo "key,value"
    echo "tries,$TRIES"
    echo "load_start,$LOAD_START"
    echo "load_end,$LOAD_END"
    echo "nginx_image,$NGINX_IMAGE"
    echo "java_image,$JAVA_IMAGE"
    echo "network,$NETWORK"
    echo "zero_scale,$(jq -c . <<<"$ZERO_SCALE" | tr , ' ')"
    echo "standby_scale,$(jq -c . <<<"$STANDBY_SCALE" | tr , ' ')"
} >"$OUT/cold-start-meta.csv"
say "wrote $CSV"
