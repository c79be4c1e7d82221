# Shared helpers of the scenario scripts (sourced, not run): the management API, a function's
# instance states, the gateway's RSS, the load average, and the machine description.
# The sourcing script sets SCENARIO (its name in messages) before sourcing.

BENCH_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$BENCH_HOME/.." && pwd)"
STOKER="$ROOT/bin/stoker"
GATEWAY="${STOKER_GATEWAY:-http://127.0.0.1:8080}"
GATEWAY="${GATEWAY%/}"
STOKER_HOME="${STOKER_HOME:-/root/.stoker}"

say() { echo "${SCENARIO:-bench}: $*" >&2; }
die() { echo "${SCENARIO:-bench}: ERROR: $*" >&2; exit 1; }

require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "'$tool' is missing: run deploy/install-prereqs.sh (or apt-get install $tool) first"
    done
}

TOKEN=""
read_token() {
    [ -r "$STOKER_HOME/token" ] || die "cannot read $STOKER_HOME/token: run me as root after 'bin/stoker up'"
    TOKEN="$(cat "$STOKER_HOME/token")"
    curl -sf -m 5 -o /dev/null "$GATEWAY/q/health/ready" \
        || die "the gateway at $GATEWAY is not ready: start it with 'bin/stoker up'"
}

# api METHOD PATH [JSON]: prints the answer body; fails naming the status and body on anything but 2xx
# (404 is returned as status 4 so callers can tell "no such function").
api() {
    local method="$1" path="$2" body="${3:-}" out code
    out="$(mktemp)"
    code="$(curl -s -m 120 -o "$out" -w '%{http_code}' -X "$method" -H "Authorization: Bearer $TOKEN" \
        -H 'Content-Type: application/json' ${body:+--data-binary "$body"} "$GATEWAY$path" || echo 000)"
    cat "$out"
    rm -f "$out"
    case "$code" in
        2??) return 0 ;;
        404) return 4 ;;
        *) echo >&2; say "$method $path answered $code"; return 1 ;;
    esac
}

# image_of NAME [DIR]: the image a deployed function runs; deploys DIR with the CLI first when
# NAME is not deployed (this builds the image once).
image_of() {
    local name="$1" dir="${2:-}" json rc=0
    json="$(api GET "/v1/functions/$name" 2>/dev/null)" || rc=$?
    if [ "$rc" -eq 4 ] && [ -n "$dir" ]; then
        say "$name is not deployed: building it from ${dir#"$ROOT"/} (once)"
        "$STOKER" deploy "$dir" >&2 || die "'bin/stoker deploy $dir' failed"
        json="$(api GET "/v1/functions/$name")" || die "$name is still not deployed"
    elif [ "$rc" -ne 0 ]; then
        die "cannot read function $name (status above)"
    fi
    jq -r '.image' <<<"$json"
}

# put_function NAME JSON: creates or updates; returns once one instance is ready.
put_function() {
    api PUT "/v1/functions/$1" "$2" >/dev/null || die "PUT /v1/functions/$1 failed (above)"
}

delete_function() {
    local rc=0
    api DELETE "/v1/functions/$1" >/dev/null 2>&1 || rc=$?
    [ "$rc" -eq 0 ] || [ "$rc" -eq 4 ] || say "could not delete $1 (status $rc); delete it with 'bin/stoker delete $1'"
}

# states NAME: one line "starting ready busy paused other total" from the function object.
states() {
    api GET "/v1/functions/$1" 2>/dev/null | jq -r '[.instances[].state] as $s
        | [($s | map(select(. == "STARTING")) | length), ($s | map(select(. == "READY")) | length),
           ($s | map(select(. == "BUSY")) | length), ($s | map(select(. == "PAUSED")) | length),
           ($s | map(select(. != "STARTING" and . != "READY" and . != "BUSY" and . != "PAUSED")) | length),
           ($s | length)] | @tsv'
}

# wait_until SECONDS COMMAND...: polls every 100 ms; fails (status 1) on timeout.
wait_until() {
    local deadline=$((SECONDS + $1))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
}

# report_jar: benchmarks/report's jar (the report program and load-step's sampler), built when missing or older
# than its sources.
report_jar() {
    local jar="$BENCH_HOME/report/target/stoker-bench-report.jar"
    if [ ! -f "$jar" ] || [ -n "$(find "$BENCH_HOME/report/src/main" "$BENCH_HOME/report/pom.xml" -newer "$jar" -print -quit)" ]; then
        say "building benchmarks/report"
        (cd "$BENCH_HOME/report" && mvn -q -B package 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d') >&2 \
            || die "building benchmarks/report failed (above)"
    fi
    echo "$jar"
}

load1() { cut -d' ' -f1 /proc/loadavg; }

gateway_pid() {
    local pid
    pid="$(cat "$STOKER_HOME/run/gateway.pid" 2>/dev/null)" || die "no $STOKER_HOME/run/gateway.pid: is the gateway up?"
    kill -0 "$pid" 2>/dev/null || die "the gateway pid $pid from $STOKER_HOME/run/gateway.pid is not running"
    echo "$pid"
}
gateway_rss_kb() { ps -o rss= -p "$1" | tr -d ' '; }

# metrics_of NAME...: the stoker_* lines of /q/metrics that name one of these functions.
metrics_of() {
    local pattern
    pattern="$(printf 'function="%s"|' "$@")"
    curl -s -m 10 "$GATEWAY/q/metrics" | grep -E '^stoker_' | grep -E "${pattern%|}" || true
}

# machine_csv FILE: key,value lines describing this machine, for the report.
machine_csv() {
    {
        echo "key,value"
        echo "cpu,$(nproc) × $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo | tr -d ,)"
        echo "memory,$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
        echo "kernel,$(uname -r)"
        echo "docker,$(docker version --format '{{.Server.Version}}' 2>/dev/null || echo unknown)"
        echo "java,$(java -version 2>&1 | head -n1 | tr -d ,)"
        echo "wrk,$( (wrk -v 2>&1 || true) | head -n1 | awk '{ print $2 }')"
        echo "date,$(date -u '+%Y-%m-%d %H:%M UTC')"
    } >"$1"
}

# replace_section REPORT SECTION FILE: puts FILE between "<!-- SECTION:begin/end -->" in REPORT
# (appended when the markers are missing); every other part of REPORT stays as it is.
replace_section() {
    local report="$1" section="$2" file="$3" tmp
    tmp="$(mktemp)"
    if grep -qF "<!-- $section:begin -->" "$report"; then
        awk -v begin="<!-- $section:begin -->" -v end="<!-- $section:end -->" -v file="$file" '
            $0 == begin { while ((getline l < file) > 0) print l; skip = 1; next }
            $0 == end   { skip = 0; next }
            !skip       { print }' "$report" >"$tmp"
        cat "$tmp" >"$report"
    else
        { echo; cat "$file"; } >>"$report"
    fi
    rm -f "$tmp"
}
