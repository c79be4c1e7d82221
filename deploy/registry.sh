#!/usr/bin/env bash
# A local OCI registry (Debian's docker-registry package: the CNCF distribution registry) on a loopback port,
# with or without htpasswd basic auth, for trying `stoker deploy --push` and for the registry tests.
#
#   registry.sh start NAME [--port P] [--user USER]   start registry NAME in the background (again, if it runs);
#                      with --user the registry asks for basic auth and USER's password is read from stdin (one
#                      line, bcrypt-hashed with htpasswd -B). Waits until /v2/ answers, then prints its address
#                      (127.0.0.1:PORT) on stdout. Without --port the registry takes a free port.
#   registry.sh stop NAME [--purge]                   SIGTERM, up to 10 s, then SIGKILL; --purge removes its data
#   registry.sh status NAME                           "running at 127.0.0.1:PORT" (exit 0) or "not running" (exit 3)
#   registry.sh address NAME                          the address alone (exit 3 when not running)
#
# The engine treats 127.0.0.0/8 as an insecure registry by default, so it pushes and pulls over plain HTTP: no TLS.
# Files: $STOKER_REGISTRY_ROOT/NAME/{config.yml,htpasswd,data/,registry.log,registry.pid,address}, where
# STOKER_REGISTRY_ROOT defaults to /var/tmp/stoker-registries. Needs docker-registry and apache2-utils (htpasswd);
# deploy/install-prereqs.sh installs both.
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
SERVICE=registry
USAGE="registry.sh start NAME [--port P] [--user USER] | stop NAME [--purge] | status NAME | address NAME"
# shellcheck source=service-lib.sh
. "$HERE/service-lib.sh"
ROOT="${STOKER_REGISTRY_ROOT:-/var/tmp/stoker-registries}"
READY_TIMEOUT=20
STOP_GRACE=10

[ $# -ge 2 ] || usage
cmd="$1"
name="$2"
shift 2
check_name "$name"
DIR="$ROOT/$name"
PID_FILE="$DIR/registry.pid"
ADDRESS_FILE="$DIR/address"
LOG="$DIR/registry.log"

# the pid of this registry, only when that process still is a docker-registry (not a reused pid)
registry_pid() {
    local pid
    pid="$(tr -d '[:space:]' 2>/dev/null <"$PID_FILE" || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = docker-registry ] && echo "$pid"
}

# whether the process we just started is still there (not a zombie): right after the fork its name is still the
# shell's, setsid's or nohup's until it execs docker-registry, so registry_pid would call it gone
alive() {
    local state
    state="$(awk '{ print $3 }' "/proc/$1/stat" 2>/dev/null || true)"
    [ -n "$state" ] && [ "$state" != Z ]
}

stop() {
    local pid
    if pid="$(registry_pid)"; then
        stop_process "$pid" "$STOP_GRACE"
    fi
    rm -f "$PID_FILE" "$ADDRESS_FILE"
}

write_config() {
    local port="$1" auth="$2"
    {
        echo "# written by deploy/registry.sh start: edit that script, not this file"
        echo "version: 0.1"
        echo "log:"
        echo "  level: info"
        echo "  accesslog:"
        echo "    disabled: true"
        echo "storage:"
        echo "  filesystem:"
        echo "    rootdirectory: $DIR/data"
        echo "  delete:"
        echo "    enabled: true"
        echo "http:"
        echo "  addr: 127.0.0.1:$port"
        if [ -n "$auth" ]; then
            echo "auth:"
            echo "  htpasswd:"
            echo "    realm: stoker-$name"
            echo "    path: $DIR/htpasswd"
        fi
    } >"$DIR/config.yml"
}

# the port the registry reports it listens on (it logs "listening on 127.0.0.1:PORT")
listening_port() {
    sed -n 's/.*listening on 127\.0\.0\.1:\([0-9][0-9]*\).*/\1/p' "$LOG" 2>/dev/null | tail -1
}

start() {
    local port=0 user=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) [ $# -ge 2 ] || usage; port="$2"; shift 2 ;;
            --user) [ $# -ge 2 ] || usage; user="$2"; shift 2 ;;
            *) usage ;;
        esac
    done
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -le 65535 ] || die "--port '$port' is not a port number"
    command -v docker-registry >/dev/null || die "docker-registry is not installed: run deploy/install-prereqs.sh"
    stop
    mkdir -p "$DIR/data"
    chmod 700 "$DIR"
    rm -f "$DIR/htpasswd"
    if [ -n "$user" ]; then
        [[ "$user" =~ ^[A-Za-z0-9._-]{1,64}$ ]] || die "--user '$user' must be letters, digits, '.', '_' or '-'"
        command -v htpasswd >/dev/null || die "htpasswd is not installed (apache2-utils): run deploy/install-prereqs.sh"
        local password
        IFS= read -r password || [ -n "$password" ] || die "--user needs the password on stdin"
        # -i reads the password from stdin, so it never shows in a process list; -B: bcrypt, the only hash
        # the registry accepts
        printf '%s\n' "$password" | htpasswd -B -i -c "$DIR/htpasswd" "$user" 2>/dev/null \
            || die "htpasswd could not write $DIR/htpasswd"
    fi
    write_config "$port" "$user"
    : >"$LOG"
    setsid nohup docker-registry serve "$DIR/config.yml" >>"$LOG" 2>&1 </dev/null &
    local started=$!
    echo "$started" >"$PID_FILE"
    local waited=0 actual=""
    while [ "$waited" -lt $((READY_TIMEOUT * 10)) ]; do
        alive "$started" || { tail -5 "$LOG" >&2; die "docker-registry exited at start (log: $LOG)"; }
        actual="$(listening_port)"
        # /v2/ answers 200 without auth, 401 with it: either way the registry serves
        if [ -n "$actual" ] && curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$actual/v2/" 2>/dev/null \
                | grep -qE '^(200|401)$'; then
            echo "127.0.0.1:$actual" >"$ADDRESS_FILE"
            say "$name serves at 127.0.0.1:$actual${user:+ (basic auth, user $user)}; data $DIR/data, log $LOG"
            echo "127.0.0.1:$actual"
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    stop
    die "registry $name did not answer within $READY_TIMEOUT s (log: $LOG)"
}

case "$cmd" in
    start) start "$@" ;;
    stop)
        stop
        if [ "${1:-}" = "--purge" ]; then
            rm -rf "$DIR"
        fi
        ;;
    status)
        if registry_pid >/dev/null && [ -s "$ADDRESS_FILE" ]; then
            echo "running at $(cat "$ADDRESS_FILE")"
        else
            echo "not running"
            exit 3
        fi
        ;;
    address)
        registry_pid >/dev/null && [ -s "$ADDRESS_FILE" ] || exit 3
        cat "$ADDRESS_FILE"
        ;;
    *) usage ;;
esac
