#!/usr/bin/env bash
# Warm throughput and added latency: the same trivial nginx function called three ways in one run
#   (a) straight to its container, (b) through a reference nginx reverse proxy, (c) through the
#   gateway; each target gets a warm-up, a throughput run (wrk -t2 -c32) and a latency run at one
#   connection (wrk -t1 -c1). The triple is repeated ROUNDS times, the order rotating so each
#   target runs first, second and third equally often, and the median of each figure is reported. Writes its section of docs/benchmarks.md.
#
# Run as root after `bin/stoker up` (needs wrk and nginx from deploy/install-prereqs.sh).
# Settings (environment): DURATION (10s), WARMUP (5s), THREADS (2), CONNECTIONS (32),
#   ROUNDS (3), LOAD_MAX (1.5: wait while the 1-min load average is above it), LOAD_WAIT (600 s),
#   STOKER_GATEWAY (http://127.0.0.1:8080), BENCH_OUT (raw wrk output; default a temp dir).
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
CONNECTIONS="${CONNECTIONS:-32}"
ROUNDS="${ROUNDS:-3}"
LOAD_MAX="${LOAD_MAX:-1.5}"
LOAD_WAIT="${LOAD_WAIT:-600}"
GATEWAY="${STOKER_GATEWAY:-http://127.0.0.1:8080}"
GATEWAY="${GATEWAY%/}"
COMMAND_LINE="$0${*:+ $*}"

say() { echo "warm-throughput: $*" >&2; }
die() { echo "warm-throughput: ERROR: $*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || die "run me as root (I read the gateway token and start nginx)"
for tool in wrk nginx curl docker awk timeout; do
    command -v "$tool" >/dev/null || die "'$tool' is missing: run deploy/install-prereqs.sh first"
done
[ -x "$STOKER" ] || die "$STOKER not found or not executable: build the CLI first"
[[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive integer, got '$ROUNDS'"
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

# done() prints one machine-readable line; latencies in microseconds. "non2xx" is wrk's status
# error counter, which counts answers with status >= 400.
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

# run_wrk LABEL THREADS CONNECTIONS DURATION URL: appends wrk's output to the raw log and prints
# the BENCH line.
run_wrk() {
    local label="$1" threads="$2" conns="$3" dur="$4" url="$5" out line
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

# Round r starts at target (r-1) mod 3: a target's place in the order matters on a shared machine
# (what ran just before heats caches and the CPU governor), so each place is taken in turn.
round_order() {
    local i n=${#TARGETS[@]}
    for i in $(seq 0 $((n - 1))); do printf '%s ' "${TARGETS[$(( ($1 - 1 + i) % n ))]}"; done
}

declare -A R # R[target,round,metric]
LOADS=()
for round in $(seq 1 "$ROUNDS"); do
    order=($(round_order "$round"))
    now="$(instance_address || true)"
    [ "$now" = "$ADDRESS" ] || die "the instance of $FUNCTION changed from $ADDRESS to '${now:-none}' during the run; run me again"
    LOADS+=("$(load1)")
    say "round $round/$ROUNDS (${order[*]}), load average $(load1)"
    for t in "${order[@]}"; do
        run_wrk "round $round $t warm-up" "$THREADS" "$CONNECTIONS" "$WARMUP" "${URL[$t]}" >/dev/null
        tp="$(run_wrk "round $round $t throughput" "$THREADS" "$CONNECTIONS" "$DURATION" "${URL[$t]}")"
        lat="$(run_wrk "round $round $t latency c=1" 1 1 "$DURATION" "${URL[$t]}")"
        R[$t,$round,rps]="$(field "$tp" rps)"
        R[$t,$round,tp_p50]="$(field "$tp" p50_us)"
        R[$t,$round,tp_p99]="$(field "$tp" p99_us)"
        R[$t,$round,c1_rps]="$(field "$lat" rps)"
        R[$t,$round,p50]="$(field "$lat" p50_us)"
        R[$t,$round,p99]="$(field "$lat" p99_us)"
        R[$t,$round,p999]="$(field "$lat" p999_us)"
        errs=0; non2xx=0; reqs=0
        for line in "$tp" "$lat"; do
            non2xx=$(( non2xx + $(field "$line" non2xx) ))
            errs=$(( errs + $(field "$line" connect) + $(field "$line" read) + $(field "$line" write) + $(field "$line" timeout) ))
            reqs=$(( reqs + $(field "$line" requests) ))
        done
        R[$t,$round,non2xx]=$non2xx
        R[$t,$round,errors]=$errs
        R[$t,$round,requests]=$reqs
        say "  $t: $(printf '%.0f' "${R[$t,$round,rps]}") req/s at c=$CONNECTIONS; c=1 p50 ${R[$t,$round,p50]} µs p99 ${R[$t,$round,p99]} µs p99.9 ${R[$t,$round,p999]} µs; non-2xx $non2xx, socket errors $errs of $reqs"
    done
done
LOAD_END="$(load1)"
cleanup
PROXY_PID=""

# ---- figures ------------------------------------------------------------------------------------

median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
sum() { printf '%s\n' "$@" | awk '{ s += $1 } END { print s + 0 }'; }
values() { local t="$1" m="$2" r; for r in $(seq 1 "$ROUNDS"); do echo "${R[$t,$r,$m]}"; done; }

declare -A M # M[target,metric] = median over rounds (or total for counters)
for t in "${TARGETS[@]}"; do
    for m in rps tp_p50 tp_p99 c1_rps p50 p99 p999; do
        # shellcheck disable=SC2046
        M[$t,$m]="$(median $(values "$t" "$m"))"
    done
    for m in non2xx errors requests; do
        # shellcheck disable=SC2046
        M[$t,$m]="$(sum $(values "$t" "$m"))"
    done
done

ms() { awk -v u="$1" 'BEGIN { printf "%.3f", u / 1000 }'; }
added() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.3f", (a - b) / 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }
int() { printf '%.0f' "$1"; }

GW_VS_NGINX="$(awk -v a="${M[gateway,rps]}" -v b="${M[nginx,rps]}" 'BEGIN { printf "%.2f", a / b }')"
ADD_P50="$(awk -v a="${M[gateway,p50]}" -v b="${M[direct,p50]}" 'BEGIN { printf "%.3f", (a - b) / 1000 }')"
ADD_P99="$(awk -v a="${M[gateway,p99]}" -v b="${M[direct,p99]}" 'BEGIN { printf "%.3f", (a - b) / 1000 }')"
verdict() { if awk -v v="$1" -v g="$2" -v dir="$3" 'BEGIN { exit !(dir == "ge" ? v >= g : v <= g) }'; then echo "met"; else echo "**not met**"; fi; }

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

SECTION_FILE="$WORK/section.md"
{
    echo "<!-- $SECTION:begin -->"
    echo "## Warm throughput and added latency"
    echo
    echo "_Written by \`benchmarks/warm-throughput.sh\` on $(date -u '+%Y-%m-%d %H:%M UTC'); re-running it replaces this section._"
    echo
    echo "One warm instance of \`bench-nginx\` (\`benchmarks/functions/nginx-static\`: nginx, 1 worker,"
    echo "a fixed 13-byte body) called three ways, in turns, in the same run:"
    echo
    echo "- **direct**: \`wrk\` straight to the container, \`http://<instance ip>:8080/\`;"
    echo "- **nginx**: through a reference nginx reverse proxy on 127.0.0.1 (\`worker_processes 1\`, to match"
    echo "  the gateway's single process; upstream \`keepalive 64\`, \`proxy_http_version 1.1\`);"
    echo "- **gateway**: through the Stoker gateway, \`$GATEWAY/function/$FUNCTION/\`."
    echo
    echo "Per target and round: a ${WARMUP} warm-up, a throughput run \`wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency\`, and a"
    echo "latency run at one connection \`wrk -t1 -c1 -d$DURATION --latency\`. $ROUNDS rounds, the order rotating"
    echo "(direct → nginx → gateway, then nginx → gateway → direct, ...) so each target runs first, second and"
    echo "third in turn; each figure is the median over the rounds. wrk, the proxy under test and the function"
    echo "share the same $(nproc) cores, so absolute numbers are low; the ratios are the point. The load averages"
    echo "during the rounds include this benchmark's own load (wrk's threads plus the target, about 2-3); the"
    echo "figure at start, after waiting for the machine to be quiet, is the one that tells of other work."
    echo
    echo "Command: \`$COMMAND_LINE\` as root after \`bin/stoker up\`, with DURATION=$DURATION WARMUP=$WARMUP"
    echo "THREADS=$THREADS CONNECTIONS=$CONNECTIONS ROUNDS=$ROUNDS LOAD_MAX=$LOAD_MAX."
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
    echo "| target | req/s (c=$CONNECTIONS) | vs direct | p50 / p99 at c=$CONNECTIONS (ms) | p50 at c=1 (ms) | p99 at c=1 | p99.9 at c=1 | added p50 / p99 / p99.9 over direct (ms) | non-2xx | socket errors |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for t in "${TARGETS[@]}"; do
        if [ "$t" = direct ]; then add="—"; else
            add="$(added "${M[$t,p50]}" "${M[direct,p50]}") / $(added "${M[$t,p99]}" "${M[direct,p99]}") / $(added "${M[$t,p999]}" "${M[direct,p999]}")"
        fi
        echo "| $t | $(int "${M[$t,rps]}") | $(ratio "${M[$t,rps]}" "${M[direct,rps]}") | $(ms "${M[$t,tp_p50]}") / $(ms "${M[$t,tp_p99]}") | $(ms "${M[$t,p50]}") | $(ms "${M[$t,p99]}") | $(ms "${M[$t,p999]}") | $add | ${M[$t,non2xx]} | ${M[$t,errors]} of ${M[$t,requests]} |"
    done
    echo
    echo "Gateway / nginx throughput: **${GW_VS_NGINX}×**. Non-2xx counts wrk's status errors (answers ≥ 400);"
    echo "socket errors are wrk's connect, read, write and timeout errors; both summed over all measured runs."
    echo
    echo "Each round (req/s at c=$CONNECTIONS; p50 / p99 at c=1 in ms):"
    echo
    printf '| round | order |'; for t in "${TARGETS[@]}"; do printf ' %s |' "$t"; done; echo
    printf '|---|---|'; for _ in "${TARGETS[@]}"; do printf -- '---:|'; done; echo
    for r in $(seq 1 "$ROUNDS"); do
        o="$(round_order "$r" | sed 's/ $//; s/ /, /g')"
        printf '| %s | %s |' "$r" "$o"
        for t in "${TARGETS[@]}"; do printf ' %s; %s / %s |' "$(int "${R[$t,$r,rps]}")" "$(ms "${R[$t,$r,p50]}")" "$(ms "${R[$t,$r,p99]}")"; done
        echo
    done
    echo
    echo "### Against the goals"
    echo
    echo "The design brief's performance goals for this scenario, and where this run stands. For scale, the"
    echo "brief notes that on this 2-core machine an nginx hop reached about 0.5× of calling the container"
    echo "straight, adding about 0.2 ms at p50. A negative \"added\" figure means the difference is below this"
    echo "run's noise."
    echo
    echo "| goal | target | now | |"
    echo "|---|---|---|---|"
    echo "| warm throughput, gateway vs nginx reverse proxy | ≥ 1.0× | ${GW_VS_NGINX}× | $(verdict "$GW_VS_NGINX" 1.0 ge) |"
    echo "| latency added over direct, p50 (c=1) | ≤ 0.3 ms | $ADD_P50 ms | $(verdict "$ADD_P50" 0.3 le) |"
    echo "| latency added over direct, p99 (c=1) | ≤ 2 ms | $ADD_P99 ms | $(verdict "$ADD_P99" 2 le) |"
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
sed -n '/^| target /,/^$/p' "$SECTION_FILE"
echo "gateway/nginx ${GW_VS_NGINX}x; added p50 ${ADD_P50} ms, p99 ${ADD_P99} ms"
for t in "${TARGETS[@]}"; do
    echo "$t: non-2xx ${M[$t,non2xx]}, socket errors ${M[$t,errors]} of ${M[$t,requests]} requests"
done
