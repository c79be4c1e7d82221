#!/usr/bin/env bash
# The warm path's cost inside the gateway, as a profile: JFR (`jcmd JFR.start`, settings=profile) records the
#   running gateway while wrk calls the bench-nginx function through it (one thread, CONNECTIONS connections),
#   then benchmarks/profile_summary.py prints bytes allocated per call on the event loops, the classes that
#   take most of it, and the hottest frames (self time) and Stoker methods (total time) of the event loops.
#
# Run as root after `bin/stoker up` (needs wrk and a JDK's jcmd and jfr). Output: the summary on stdout and,
#   with the recording, in $PROFILE_OUT (default a new temp dir).
# Settings (environment): DURATION (20s), WARMUP (10s), CONNECTIONS (16), STOKER_GATEWAY (http://127.0.0.1:8080).
set -euo pipefail
SCENARIO=profile-warm
# shellcheck source=benchmarks/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

DURATION="${DURATION:-20s}"
WARMUP="${WARMUP:-10s}"
CONNECTIONS="${CONNECTIONS:-16}"
[[ "$DURATION" =~ ^[0-9]+s$ && "$WARMUP" =~ ^[0-9]+s$ ]] || die "DURATION and WARMUP must be whole seconds like 20s"
[[ "$CONNECTIONS" =~ ^[1-9][0-9]*$ ]] || die "CONNECTIONS must be a positive integer, got '$CONNECTIONS'"
[ "$(id -u)" -eq 0 ] || die "run me as root (I read the gateway token)"
require_tools wrk jcmd jfr python3 curl
read_token
OUT="${PROFILE_OUT:-$(mktemp -d /tmp/stoker-profile.XXXXXX)}"
mkdir -p "$OUT"

image_of bench-nginx "$BENCH_HOME/functions/nginx-static" >/dev/null
URL="$GATEWAY/function/bench-nginx/"
PID="$(gateway_pid)" || die "no gateway process found: run 'bin/stoker up' first"
say "gateway pid $PID, $URL, warm-up $WARMUP"
wrk -t1 -c"$CONNECTIONS" -d"$WARMUP" "$URL" >/dev/null

REC="$OUT/warm.jfr"
jcmd "$PID" JFR.start name=stoker-warm settings=profile filename="$REC" >/dev/null
say "recording $DURATION at $CONNECTIONS connections"
wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$URL" >"$OUT/wrk.txt"
jcmd "$PID" JFR.stop name=stoker-warm >/dev/null
REQUESTS="$(awk '/requests in/ { print $1 }' "$OUT/wrk.txt")"
[ -n "$REQUESTS" ] || die "wrk reported no requests (see $OUT/wrk.txt)"
say "$REQUESTS calls recorded; summarising $REC"
python3 "$BENCH_HOME/profile_summary.py" "$REC" "$REQUESTS" | tee "$OUT/summary.md"
