#!/usr/bin/env bash
# A PostgreSQL cluster of Stoker's own (Debian's postgresql package) on a loopback port, for the shared record store
# (stoker.records.postgres.url) and for the record-store tests.
#
#   postgres.sh start NAME [--port P]   create the cluster if it has none (a role and database "stoker" with a random
#                      password), start it in the background (again, if it runs), wait until it answers, then print
#                      its JDBC URL on stdout. Without --port it takes a free port.
#   postgres.sh stop NAME [--purge]     fast shutdown, up to 10 s, then SIGKILL; --purge removes its data
#   postgres.sh status NAME             "running at jdbc:postgresql://..." (exit 0) or "not running" (exit 3)
#   postgres.sh url NAME                the JDBC URL alone (exit 3 when not running)
#   postgres.sh password NAME           the password of the role "stoker"
#
# Listens on 127.0.0.1 only (password auth, scram-sha-256); its Unix socket is in the cluster's own folder.
# Files: $STOKER_POSTGRES_ROOT/NAME/{data/,run/,postgres.log,password,port}, where STOKER_POSTGRES_ROOT defaults to
# /var/tmp/stoker-postgres. PostgreSQL refuses to run as root: as root, the cluster runs as the OS user "postgres"
# (made by the package). deploy/install-prereqs.sh installs the package.
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
SERVICE=postgres
USAGE="postgres.sh start NAME [--port P] | stop NAME [--purge] | status NAME | url NAME | password NAME"
# shellcheck source=service-lib.sh
. "$HERE/service-lib.sh"
ROOT="${STOKER_POSTGRES_ROOT:-/var/tmp/stoker-postgres}"
READY_TIMEOUT=60
STOP_GRACE=10

[ $# -ge 2 ] || usage
cmd="$1"
name="$2"
shift 2
check_name "$name"
DIR="$ROOT/$name"
DATA="$DIR/data"
RUN="$DIR/run"
LOG="$DIR/postgres.log"
PORT_FILE="$DIR/port"

# the newest installed server's binaries
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"

# runs a command as the cluster's OS user: "postgres" when we are root, else ourselves
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

# the postmaster's pid, only while that process still is a postgres (not a reused pid)
server_pid() {
    local pid
    pid="$(head -1 "$DATA/postmaster.pid" 2>/dev/null | tr -d '[:space:]' || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == postgres* ]] && echo "$pid"
}

url() {
    echo "jdbc:postgresql://127.0.0.1:$(cat "$PORT_FILE")/stoker"
}

stop() {
    local pid
    if pid="$(server_pid)"; then
        # SIGINT is PostgreSQL's fast shutdown; SIGKILL after the grace
        kill -INT "$pid" 2>/dev/null || true
        local waited=0
        while [ -d "/proc/$pid" ] && [ "$waited" -lt $((STOP_GRACE * 10)) ]; do
            sleep 0.1
            waited=$((waited + 1))
        done
        if [ -d "/proc/$pid" ]; then
            stop_process "$pid" 0
        else
            say "$name stopped (pid $pid)"
        fi
    fi
}

free_port() {
    local p
    for _ in $(seq 1 100); do
        p=$((20000 + RANDOM % 20000))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
            echo "$p"
            return 0
        fi
    done
    die "no free port found"
}

create() {
    mkdir -p "$DIR" "$RUN"
    chmod 755 "$ROOT" 2>/dev/null || true
    chmod 711 "$DIR"
    local password
    password="$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)"
    (umask 077; printf '%s\n' "$password" >"$DIR/password")
    if [ "$(id -u)" -eq 0 ]; then
        id postgres >/dev/null 2>&1 || die "no OS user 'postgres': install the postgresql package (deploy/install-prereqs.sh)"
        mkdir -p "$DATA"
        chown postgres:postgres "$DATA" "$RUN"
    fi
    chmod 700 "$RUN"
    # initdb reads the superuser's password from a file it can read: the owner's copy, removed after
    local pwfile="$RUN/initpw"
    printf '%s\n' "$password" >"$pwfile"
    [ "$(id -u)" -ne 0 ] || chown postgres "$pwfile"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        -E UTF8 >>"$LOG" 2>&1 || { rm -f "$pwfile"; tail -5 "$LOG" >&2; die "initdb failed (log: $LOG)"; }
    rm -f "$pwfile"
    echo new
}

start() {
    local port=""
    while [ $# -gt 0 ]; do
        case "$1" in
            --port) [ $# -ge 2 ] || usage; port="$2"; shift 2 ;;
            *) usage ;;
        esac
    done
    [ -n "$BIN" ] && [ -x "$BIN/postgres" ] || die "PostgreSQL is not installed: run deploy/install-prereqs.sh"
    stop
    if [ -z "$port" ]; then
        # again on the port it had while that is free, so its URL stays the same across restarts
        port="$(cat "$PORT_FILE" 2>/dev/null || true)"
        if [ -z "$port" ] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            port="$(free_port)"
        fi
    fi
    [[ "$port" =~ ^[0-9]+$ ]] && [ "$port" -le 65535 ] || die "--port '$port' is not a port number"
    mkdir -p "$DIR"
    touch "$LOG"
    [ "$(id -u)" -ne 0 ] || chown postgres "$LOG"
    local fresh=""
    [ -s "$DATA/PG_VERSION" ] || fresh="$(create)"
    echo "$port" >"$PORT_FILE"
    as_owner "$BIN/pg_ctl" -D "$DATA" -l "$LOG" -w -t "$READY_TIMEOUT" \
        -o "-p $port -k $RUN -c listen_addresses=127.0.0.1" start >/dev/null 2>&1 \
        || { tail -5 "$LOG" >&2; die "PostgreSQL $name did not start within $READY_TIMEOUT s (log: $LOG)"; }
    if [ -n "$fresh" ]; then
        local password
        password="$(cat "$DIR/password")"
        as_owner "$BIN/psql" -q -h "$RUN" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 \
            -c "CREATE ROLE stoker LOGIN PASSWORD '$password'" -c "CREATE DATABASE stoker OWNER stoker" >/dev/null \
            || die "creating the role and database 'stoker' failed (log: $LOG)"
    fi
    say "$name serves at $(url) (user stoker, password in $DIR/password); data $DATA, log $LOG"
    url
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
        if server_pid >/dev/null && [ -s "$PORT_FILE" ]; then
            echo "running at $(url)"
        else
            echo "not running"
            exit 3
        fi
        ;;
    url)
        server_pid >/dev/null && [ -s "$PORT_FILE" ] || exit 3
        url
        ;;
    password)
        [ -s "$DIR/password" ] || die "$name has no cluster: run postgres.sh start $name"
        cat "$DIR/password"
        ;;
    *) usage ;;
esac
