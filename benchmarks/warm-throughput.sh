#!/usr/bin/env bash
# Warm throughput and latency: the same trivial nginx function called three ways in one run,
#   (a) straight to its container, (b) through a reference nginx reverse proxy, (c) through the
#   gateway, each at 1, 16 and 64 connections (CONNECTION_COUNTS): req/s, p50, p99 and p99.9 per
#   target and connection count, the gateway/nginx throughput ratio and the latency the gateway adds
#   over direct, against the design's goals. Each target gets a warm-up, then one wrk run per
#   connection count. The triple is repeated ROUNDS times, the order rotating so each target runs
#   first, second and third equally often, and the median of each figure is reported. Writes its
#   section of docs/benchmarks.md.
#
# Run as root after `bin/stoker up` (needs wrk and nginx from deploy/install-prereqs.sh).
# Settings (environment): DURATION (10s per measured run), WARMUP (5s), CONNECTION_COUNTS ("1 16 64"),
#   THREADS (2: wrk threads, never more than the connections), ROUNDS (3), LOAD_MAX (1.5: wait while
#   the 1-min load average is above it), LOAD_WAIT (600 s), STOKER_GATEWAY (http://127.0.0.1:8080),
#   BENCH_OUT (raw wrk output; default a temp dir).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
STOKER="$ROOT/bin/stoker"
FUNCTION_DIR="$HERE/functions/nginx-static"
FUNCTION=bench-nginx
REPORT="$ROOT/docs/benchmarks.md"
SECTION=warm-throughput

DURATION="${DURATION:-10s}"
WARMUP="${WARMUP:-5s}"
THREADS="${THREADS:-2}"
CONNECTION_COUNTS="${CONNECTION_COUNTS:-1 16 64}"
ROUNDS="${ROUNDS:-3}"
LOAD_MAX="${LOAD_MAX:-1.5}"
LOAD_WAIT="${LOAD_WAIT:-600}"
GATEWAY="${STOKER_GATEWAY:-http://127.0.0.1:8080}"
GATEWAY="${GATEWAY%/}"
COMMAND_LINE="benchmarks/$(basename "$0")${*:+ $*}" # as run from the checkout, whatever path ran it

say() { echo "warm-throughput: $*" >&2; }
die() { echo "warm-throughput: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (I read the gateway token and start nginx)"
for tool in wrk nginx curl docker awk timeout; do
    command -v "$tool" >/dev/null || die "'$tool' is missing: run deploy/install-prereqs.sh first"
done
[ -x "$STOKER" ] || die "$STOKER not found or not executable: build the CLI first"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$ROUNDS'"
[[ "$THREADS" =~ ^[1-9][0-9]*$ ]] || die "THREADS must be a positive integer, got '$THREADS'"
read -r -a CONNS <<<"$CONNECTION_COUNTS"
[ "${#CONNS[@]}" -gt 0 ] || die "CONNECTION_COUNTS is empty"
for c in "${CONNS[@]}"; do
    [[ "$c" =~ ^[1-9][0-9]*$ ]] || die "CONNECTION_COUNTS must be positive integers, got '$CONNECTION_COUNTS'"
done
[[ "$DURATION" =~ ^[0-9]+s$ && "$WARMUP" =~ ^[0-9]+s$ ]] \
    || die "DURATION and WARMUP must be whole seconds like 10s, got '$DURATION' / '$WARMUP'"
status_out="$("$STOKER" status 2>&1)" \
    || { printf '%s\n' "$status_out" | tail -n 20 >&2; die "'bin/stoker status' failed (above): is the CLI built and the gateway at $GATEWAY up ('bin/stoker up')?"; }

WORK="$(mktemp -d /tmp/stoker-warm-throughput.XXXXXX)"
chmod 755 "$WORK" # nginx workers run as nobody and must reach their temp paths
BENCH_OUT="${BENCH_OUT:-$WORK}"
mkdir -p "$BENCH_OUT"
RAW="$BENCH_OUT/wrk-raw.log"
: >"$RAW"
PROXY_PID=""
cleanup() {
    if [ -n "$PROXY_PID" ] && kill -0 "$PROXY_PID" 2>/dev/null; then
        kill "$PROXY_PID" 2>/dev/null || true
        wait "$PROXY_PID" 2>/dev/null || true
    fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the function and its instance -------------------------------------------------------------

say "deploying $FUNCTION from ${FUNCTION_DIR#"$ROOT"/}"
"$STOKER" deploy "$FUNCTION_DIR" >"$WORK/deploy.log" 2>&1 \
    || { cat "$WORK/deploy.log" >&2; die "stoker deploy failed (output above)"; }

# The address (ip:port on the engine's bridge network) of the function's first live instance.
instance_address() {
    "$STOKER" describe "$FUNCTION" -o json 2>/dev/null | awk '
        /"state"/   { state = $0; gsub(/.*: *"|".*/, "", state) }
        /"address"/ { addr = $0; gsub(/.*: *"|".*/, "", addr)
                      if ((state == "READY" || state == "BUSY") && addr != "") { print addr; exit } }'
}

ADDRESS=""
for _ in $(seq 1 60); do
    ADDRESS="$(instance_address || true)"
    [ -n "$ADDRESS" ] && break
    sleep 0.5
done
[ -n "$ADDRESS" ] || die "no ready instance of $FUNCTION after 30 s; see 'bin/stoker describe $FUNCTION' and 'bin/stoker logs $FUNCTION'"
say "instance at $ADDRESS"

# ---- the reference nginx reverse proxy ----------------------------------------------------------

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PROXY_PORT=""
for p in $(seq 18080 18180); do
    if port_free "$p"; then PROXY_PORT="$p"; break; fi
done
[ -n "$PROXY_PORT" ] || die "no free port on 127.0.0.1 between 18080 and 18180 for the nginx proxy"

# One worker process, to match the gateway's one process fairly; upstream keep-alive so nginx
# reuses its connections to the instance as the gateway does.
cat >"$WORK/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $WORK/body;
    proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fastcgi;
    uwsgi_temp_path $WORK/uwsgi;
    scgi_temp_path $WORK/scgi;
    keepalive_requests 1000000;
    upstream fn {
        server $ADDRESS;
        keepalive 64;
        keepalive_requests 1000000;
    }
    server {
        listen 127.0.0.1:$PROXY_PORT backlog=1024;
        location / {
            proxy_pass http://fn;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
        }
    }
}
EOF
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK" 2>"$WORK/nginx-test.log" \
    || { cat "$WORK/nginx-test.log" >&2; die "the nginx proxy configuration is invalid (above)"; }
nginx -c "$WORK/nginx.conf" -p "$WORK" 2>>"$WORK/nginx-error.log" &
PROXY_PID=$!
say "nginx reverse proxy on 127.0.0.1:$PROXY_PORT (pid $PROXY_PID, 1 worker)"

declare -A URL=(
    [direct]="http://$ADDRESS/"
    [nginx]="http://127.0.0.1:$PROXY_PORT/"
    [gateway]="$GATEWAY/function/$FUNCTION/"
)
TARGETS=(direct nginx gateway)

wait_ok() {
    local url="$1" code=""
    for _ in $(seq 1 50); do
        code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$url" || true)"
        [ "$code" = 200 ] && return 0
        sleep 0.2
    done
    die "$url answers '$code' instead of 200"
}
for t in "${TARGETS[@]}"; do wait_ok "${URL[$t]}"; done

# ---- wrk ----------------------------------------------------------------------------------------

# done() prints one machine-readable line; latencies in microseconds (wrk's own percentiles print only
# 50/75/90/99, so p99.9 comes from here). "non2xx" is wrk's status error counter: answers >= 400.
cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
    local e = summary.errors
    io.write(string.format(
        "BENCH requests=%d rps=%.1f p50_us=%d p99_us=%d p999_us=%d max_us=%d non2xx=%d connect=%d read=%d write=%d timeout=%d\n",
        summary.requests, summary.requests / (summary.duration / 1e6),
        latency:percentile(50), latency:percentile(99), latency:percentile(99.9), latency.max,
        e.status, e.connect, e.read, e.write, e.timeout))
end
EOF

# threads_for CONNECTIONS: wrk needs at least one connection per thread.
threads_for() { if [ "$1" -lt "$THREADS" ]; then echo "$1"; else echo "$THREADS"; fi; }

# run_wrk LABEL CONNECTIONS DURATION URL: appends wrk's output to the raw log and prints the BENCH line.
run_wrk() {
    local label="$1" conns="$2" dur="$3" url="$4" threads out line
    threads="$(threads_for "$conns")"
    local limit=$(( ${dur%s} + 30 ))
    out="$(timeout "$limit" wrk -t"$threads" -c"$conns" -d"$dur" --latency -s "$WORK/report.lua" "$url" 2>&1)" \
        || { printf '%s\n' "$out" >&2; die "wrk against $url failed or overran ${limit}s ($label)"; }
    printf '==== %s  wrk -t%s -c%s -d%s --latency %s\n%s\n' "$label" "$threads" "$conns" "$dur" "$url" "$out" >>"$RAW"
    line="$(printf '%s\n' "$out" | grep '^BENCH ' | tail -n1)"
    [ -n "$line" ] || die "wrk printed no summary line for $url ($label); see $RAW"
    printf '%s\n' "$line"
}

# field LINE NAME: the value of NAME=... in a BENCH line.
field() { printf '%s\n' "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }

load1() { cut -d' ' -f1 /proc/loadavg; }
above() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a > b) }'; }

wait_for_quiet() {
    local waited=0
    while above "$(load1)" "$LOAD_MAX"; do
        if [ "$waited" -ge "$LOAD_WAIT" ]; then
            say "load average still $(load1) after ${LOAD_WAIT}s: measuring anyway (the report says so)"
            return 0
        fi
        say "load average $(load1) > $LOAD_MAX (something else is running): waiting 30 s"
        sleep 30
        waited=$((waited + 30))
    done
}

LOAD_BEFORE_WAIT="$(load1)"
wait_for_quiet
LOAD_START="$(load1)"
MAX_CONNS="$(printf '%s\n' "${CONNS[@]}" | sort -n | tail -n1)"

# Round r starts at target (r-1) mod 3: a target's place in the order matters on a shared machine
# (what ran just before heats caches and the CPU governor), so each place is taken in turn.
round_order() {
    local i n=${#TARGETS[@]}
    for i in $(seq 0 $((n - 1))); do printf '%s ' "${TARGETS[$(( ($1 - 1 + i) % n ))]}"; done
}

declare -A R # R[target,connections,round,metric]
LOADS=()
for round in $(seq 1 "$ROUNDS"); do
    order=($(round_order "$round"))
    now="$(instance_address || true)"
    [ "$now" = "$ADDRESS" ] || die "the instance of $FUNCTION changed from $ADDRESS to '${now:-none}' during the run; run me again"
    LOADS+=("$(load1)")
    say "round $round/$ROUNDS (${order[*]}), load average $(load1)"
    for t in "${order[@]}"; do
        run_wrk "round $round $t warm-up" "$MAX_CONNS" "$WARMUP" "${URL[$t]}" >/dev/null
        for c in "${CONNS[@]}"; do
            line="$(run_wrk "round $round $t c=$c" "$c" "$DURATION" "${URL[$t]}")"
            R[$t,$c,$round,rps]="$(field "$line" rps)"
            R[$t,$c,$round,p50]="$(field "$line" p50_us)"
            R[$t,$c,$round,p99]="$(field "$line" p99_us)"
            R[$t,$c,$round,p999]="$(field "$line" p999_us)"
            R[$t,$c,$round,non2xx]="$(field "$line" non2xx)"
            R[$t,$c,$round,errors]=$(( $(field "$line" connect) + $(field "$line" read) + $(field "$line" write) + $(field "$line" timeout) ))
            R[$t,$c,$round,requests]="$(field "$line" requests)"
            say "  $t c=$c: $(printf '%.0f' "${R[$t,$c,$round,rps]}") req/s; p50 ${R[$t,$c,$round,p50]} µs p99 ${R[$t,$c,$round,p99]} µs p99.9 ${R[$t,$c,$round,p999]} µs; non-2xx ${R[$t,$c,$round,non2xx]}, socket errors ${R[$t,$c,$round,errors]} of ${R[$t,$c,$round,requests]}"
        done
    done
done
LOAD_END="$(load1)"
cleanup
PROXY_PID=""

# ---- figures ------------------------------------------------------------------------------------

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sum() { printf '%s\n' "$@" | awk '{ s += $1 } END { print s + 0 }'; }
values() { local t="$1" c="$2" m="$3" r; for r in $(seq 1 "$ROUNDS"); do echo "${R[$t,$c,$r,$m]}"; done; }

declare -A M # M[target,connections,metric] = median over rounds; M[target,metric] = total of a counter
for t in "${TARGETS[@]}"; do
    for m in non2xx errors requests; do M[$t,$m]=0; done
    for c in "${CONNS[@]}"; do
        for m in rps p50 p99 p999; do
            # shellcheck disable=SC2046
            M[$t,$c,$m]="$(median $(values "$t" "$c" "$m"))"
        done
        for m in non2xx errors requests; do
            # shellcheck disable=SC2046
            M[$t,$m]=$(( ${M[$t,$m]} + $(sum $(values "$t" "$c" "$m")) ))
        done
    done
done

ms() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", (a - b) / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
int() { printf '%.0f' "$1"; }
has_conns() { local c; for c in "${CONNS[@]}"; do [ "$c" = "$1" ] && return 0; done; return 1; }

# A short or single-round run proves the script works; its figures are not a measurement of record.
CHECK_RUN=""
if [ "$ROUNDS" -lt 3 ] || [ "${DURATION%s}" -lt 10 ]; then CHECK_RUN=1; fi

# goal_row GOAL TARGET VALUE LIMIT ge|le [UNIT]: one row of the goals table, the verdict computed here.
goal_row() {
    local goal="$1" target="$2" value="$3" limit="$4" dir="$5" unit="${6:-}" verdict
    if [ -z "$value" ]; then
        echo "| $goal | $target | not measured (no such connection count in this run) | — |"
        return
    fi
    if awk -v v="$value" -v g="$limit" -v d="$dir" 'BEGIN { exit !(d == "ge" ? v >= g : v <= g) }'; then
        verdict="met"
    else
        verdict="**not met**"
    fi
    [ -z "$CHECK_RUN" ] || verdict="$verdict (check run)"
    echo "| $goal | $target | $value$unit | $verdict |"
}

declare -A GOAL_VALUE
for c in 16 64; do
    has_conns "$c" && GOAL_VALUE[ratio,$c]="$(ratio "${M[gateway,$c,rps]}" "${M[nginx,$c,rps]}")×" || GOAL_VALUE[ratio,$c]=""
done
if has_conns 16; then
    GOAL_VALUE[p50]="$(added "${M[gateway,16,p50]}" "${M[direct,16,p50]}")"
    GOAL_VALUE[p99]="$(added "${M[gateway,16,p99]}" "${M[direct,16,p99]}")"
else
    GOAL_VALUE[p50]=""; GOAL_VALUE[p99]=""
fi

uname_r="$(uname -r)"
cpu_model="$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
mem_total="$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
docker_version="$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)"
java_version="$(java -version 2>&1 | head -n1 || echo unknown)"
wrk_version="$( (wrk -v 2>&1 || true) | head -n1 | awk '{ print $2 }')"
nginx_version="$(nginx -v 2>&1 | sed 's/.*: //')"
quiet_note=""
if above "$LOAD_START" "$LOAD_MAX"; then
    quiet_note="
**Warning:** the 1-minute load average was $LOAD_START when measuring started (over $LOAD_MAX after waiting ${LOAD_WAIT} s): other work shared the CPUs, so these figures are distorted."
fi
ROUNDS_TEXT="$ROUNDS rounds"
[ "$ROUNDS" != 1 ] || ROUNDS_TEXT="1 round"
threads_note=""
for c in "${CONNS[@]}"; do threads_note="${threads_note:+$threads_note, }c=$c: -t$(threads_for "$c")"; done

SECTION_FILE="$WORK/section.md"
{
    echo "<!-- $SECTION:begin -->"
    echo "## Warm throughput and added latency"
    echo
    echo "_Written by \`benchmarks/warm-throughput.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); re-running it replaces this section._"
    if [ -n "$CHECK_RUN" ]; then
        echo
        echo "**Check run** (ROUNDS=$ROUNDS, DURATION=$DURATION): it shows that the script works; its figures are too"
        echo "short or too few to be the measurement of record, and the verdicts below say so."
    fi
    echo
    echo "One warm instance of \`bench-nginx\` (\`benchmarks/functions/nginx-static\`: nginx, 1 worker,"
    echo "a fixed 13-byte body) called three ways, in turns, in the same run:"
    echo
    echo "- **direct**: \`wrk\` straight to the container, \`http://<instance ip>:8080/\`;"
    echo "- **nginx**: through a reference nginx reverse proxy on 127.0.0.1 (\`worker_processes 1\`, to match"
    echo "  the gateway's single process; upstream \`keepalive 64\`, \`proxy_http_version 1.1\`);"
    echo "- **gateway**: through the Stoker gateway, \`$GATEWAY/function/$FUNCTION/\`."
    echo
    echo "Per target and round: a ${WARMUP} warm-up at $MAX_CONNS connections, then one run"
    echo "\`wrk -t<threads> -c<connections> -d$DURATION --latency\` at each of ${CONNS[*]} connections ($threads_note;"
    echo "p99.9 from a \`done\` hook printing \`latency:percentile(99.9)\`). $ROUNDS_TEXT, the order rotating"
    echo "(direct → nginx → gateway, then nginx → gateway → direct, ...) so each target runs first, second and"
    echo "third in turn; each figure is the median over the rounds. wrk, the proxy under test and the function"
    echo "share the same $(nproc) cores, so absolute numbers are low; the ratios are the point. The load averages"
    echo "during the rounds include this benchmark's own load (wrk's threads plus the target, about 2-3); the"
    echo "figure at start, after waiting for the machine to be quiet, is the one that tells of other work."
    echo
    echo "Command: \`$COMMAND_LINE\` as root after \`bin/stoker up\`, with DURATION=$DURATION WARMUP=$WARMUP"
    echo "CONNECTION_COUNTS=\"${CONNS[*]}\" THREADS=$THREADS ROUNDS=$ROUNDS LOAD_MAX=$LOAD_MAX."
    echo
    echo "| machine | |"
    echo "|---|---|"
    echo "| CPU | $(nproc) × $cpu_model |"
    echo "| memory | $mem_total |"
    echo "| kernel | $uname_r |"
    echo "| Docker | $docker_version |"
    echo "| Java | $java_version |"
    echo "| wrk / nginx | $wrk_version / $nginx_version |"
    echo "| load average (1 min) | $LOAD_BEFORE_WAIT before waiting, $LOAD_START at start, rounds: ${LOADS[*]}, $LOAD_END at end |"
    [ -z "$quiet_note" ] || echo "$quiet_note"
    echo
    echo "| connections | target | req/s | vs direct | p50 (ms) | p99 (ms) | p99.9 (ms) | added over direct p50 / p99 / p99.9 (ms) |"
    echo "|---:|---|---:|---:|---:|---:|---:|---:|"
    for c in "${CONNS[@]}"; do
        for t in "${TARGETS[@]}"; do
            if [ "$t" = direct ]; then add="—"; else
                add="$(added "${M[$t,$c,p50]}" "${M[direct,$c,p50]}") / $(added "${M[$t,$c,p99]}" "${M[direct,$c,p99]}") / $(added "${M[$t,$c,p999]}" "${M[direct,$c,p999]}")"
            fi
            echo "| $c | $t | $(int "${M[$t,$c,rps]}") | $(ratio "${M[$t,$c,rps]}" "${M[direct,$c,rps]}")× | $(ms "${M[$t,$c,p50]}") | $(ms "${M[$t,$c,p99]}") | $(ms "${M[$t,$c,p999]}") | $add |"
        done
    done
    echo
    echo "Side by side, per connection count (medians as above):"
    echo
    echo "| connections | gateway / nginx req/s | nginx / direct req/s | gateway − direct p50 (ms) | gateway − direct p99 (ms) | nginx − direct p50 (ms) | nginx − direct p99 (ms) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|"
    for c in "${CONNS[@]}"; do
        echo "| $c | $(ratio "${M[gateway,$c,rps]}" "${M[nginx,$c,rps]}")× | $(ratio "${M[nginx,$c,rps]}" "${M[direct,$c,rps]}")× | $(added "${M[gateway,$c,p50]}" "${M[direct,$c,p50]}") | $(added "${M[gateway,$c,p99]}" "${M[direct,$c,p99]}") | $(added "${M[nginx,$c,p50]}" "${M[direct,$c,p50]}") | $(added "${M[nginx,$c,p99]}" "${M[direct,$c,p99]}") |"
    done
    echo
    echo "| target | non-2xx | socket errors |"
    echo "|---|---:|---:|"
    for t in "${TARGETS[@]}"; do
        echo "| $t | ${M[$t,non2xx]} | ${M[$t,errors]} of ${M[$t,requests]} |"
    done
    echo
    echo "Non-2xx counts wrk's status errors (answers ≥ 400); socket errors are wrk's connect, read, write and"
    echo "timeout errors; both summed over all measured runs (warm-ups left out)."
    echo
    echo "Each round (req/s; p50 / p99 in ms):"
    echo
    printf '| round | order | connections |'; for t in "${TARGETS[@]}"; do printf ' %s |' "$t"; done; echo
    printf '|---|---|---:|'; for _ in "${TARGETS[@]}"; do printf -- '---:|'; done; echo
    for r in $(seq 1 "$ROUNDS"); do
        o="$(round_order "$r" | sed 's/ $//; s/ /, /g')"
        for c in "${CONNS[@]}"; do
            printf '| %s | %s | %s |' "$r" "$o" "$c"
            for t in "${TARGETS[@]}"; do printf ' %s; %s / %s |' "$(int "${R[$t,$c,$r,rps]}")" "$(ms "${R[$t,$c,$r,p50]}")" "$(ms "${R[$t,$c,$r,p99]}")"; done
            echo
        done
    done
    echo
    echo "### Against the goals"
    echo
    echo "The design brief's performance goals for this scenario, and where this run stands, computed from"
    echo "the medians above. For scale, the brief notes that on this 2-core machine an nginx hop reached about"
    echo "0.5× of calling the container straight, adding about 0.2 ms at p50. A negative \"added\" figure"
    echo "means the difference is below this run's noise."
    echo
    echo "| goal | target | now | |"
    echo "|---|---|---|---|"
    goal_row "warm throughput, gateway vs nginx reverse proxy, 16 connections" "≥ 1.0×" "${GOAL_VALUE[ratio,16]}" 1.0 ge
    goal_row "warm throughput, gateway vs nginx reverse proxy, 64 connections" "≥ 1.0×" "${GOAL_VALUE[ratio,64]}" 1.0 ge
    goal_row "latency added over direct, p50, 16 connections" "≤ 0.3 ms" "${GOAL_VALUE[p50]}" 0.3 le " ms"
    goal_row "latency added over direct, p99, 16 connections" "≤ 2 ms" "${GOAL_VALUE[p99]}" 2 le " ms"
    echo
    echo "<!-- $SECTION:end -->"
} >"$SECTION_FILE"

# ---- docs/benchmarks.md: replace only this scenario's section -----------------------------------

mkdir -p "$(dirname "$REPORT")"
if [ ! -s "$REPORT" ]; then
    cat >"$REPORT" <<'EOF'
# Benchmarks

Results of the harnesses in `benchmarks/` (see `benchmarks/README.md`), measured on the machine
named in each section. Each scenario's script rewrites only its own section, between
`<!-- NAME:begin -->` and `<!-- NAME:end -->` markers, so scenarios can be re-run one at a time.
EOF
fi
# shellcheck source=benchmarks/lib.sh
SCENARIO=warm-throughput . "$HERE/lib.sh"
replace_section "$REPORT" "$SECTION" "$SECTION_FILE"

say "raw wrk output: $RAW"
say "wrote the '$SECTION' section of ${REPORT#"$ROOT"/}"
echo
sed -n '/^| connections | target /,/^$/p' "$SECTION_FILE"
sed -n '/^| connections | gateway \//,/^$/p' "$SECTION_FILE"
sed -n '/^| goal /,/^$/p' "$SECTION_FILE"
for t in "${TARGETS[@]}"; do
    echo "$t: non-2xx ${M[$t,non2xx]}, socket errors ${M[$t,errors]} of ${M[$t,requests]} requests"
done
