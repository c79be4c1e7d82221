#!/usr/bin/env bash
# The local Docker engine: status, stop, start, restart — the same way deploy/install-prereqs.sh starts it
# (systemctl when systemd is PID 1, else dockerd in the background, log /var/log/stoker-dockerd.log), so a
# chaos run (benchmarks/chaos.sh) or a Java test can take the engine away and bring it back.
#
#   engine.sh status    "running (…)" and exit 0, or "not running" and exit 3; touches nothing
#   engine.sh stop      systemctl stop docker, or SIGTERM to dockerd (its pid file), up to STOP_GRACE s, then SIGKILL
#   engine.sh start     systemctl start docker, or dockerd in the background; waits until `docker info` answers
#   engine.sh restart   stop, then start
#
# WARNING: stopping dockerd stops every container on this engine (dockerd runs without live-restore here), not
# only Stoker's. Never run stop/restart on an engine that others use.
# Environment: ENGINE_READY_TIMEOUT (30 s), ENGINE_STOP_GRACE (20 s), DOCKERD_LOG (/var/log/stoker-dockerd.log).
set -euo pipefail

PID_FILE=/var/run/docker.pid
READY_TIMEOUT="${ENGINE_READY_TIMEOUT:-30}"
STOP_GRACE="${ENGINE_STOP_GRACE:-20}"
LOG="${DOCKERD_LOG:-/var/log/stoker-dockerd.log}"

say() { echo "engine: $*" >&2; }
# shellcheck source=stop-process.sh
. "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/stop-process.sh"
die() { say "ERROR: $*"; exit 1; }

for v in READY_TIMEOUT STOP_GRACE; do
    [[ "${!v}" =~ ^[1-9][0-9]*$ ]] || die "$v='${!v}' is not a positive whole number of seconds"
done

with_systemd() { [ "$(cat /proc/1/comm 2>/dev/null)" = systemd ]; }
answers() { timeout 10 docker info >/dev/null 2>&1; }

# the pid in dockerd's own pid file, only when that process is a dockerd (not a pid reused by another program)
dockerd_pid() {
    local pid
    pid="$(tr -d '[:space:]' 2>/dev/null <"$PID_FILE" || true)"
    [[ "$pid" =~ ^[0-9]+$ ]] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ] && echo "$pid"
}

status() {
    local pid
    pid="$(dockerd_pid || true)"
    if answers; then
        echo "engine: running${pid:+ (dockerd pid $pid)}, docker $(docker version --format '{{.Server.Version}}' 2>/dev/null)"
        return 0
    fi
    if [ -n "$pid" ]; then
        echo "engine: dockerd pid $pid is running but does not answer"
        return 0
    fi
    echo "engine: not running"
    return 3
}

stop() {
    [ "$(id -u)" -eq 0 ] || die "run me as root"
    if with_systemd; then
        systemctl stop docker || die "systemctl stop docker failed; see 'journalctl -u docker'"
        say "stopped (systemctl stop docker)"
        return 0
    fi
    local pid
    pid="$(dockerd_pid || true)"
    if [ -z "$pid" ]; then
        say "dockerd is not running (no live pid in $PID_FILE)"
        return 0
    fi
    # SIGTERM: dockerd stops its containers and containerd, then removes its pid file and socket
    stop_process "$pid" "$STOP_GRACE"
}

start() {
    [ "$(id -u)" -eq 0 ] || die "run me as root"
    if answers; then
        say "already running"
        return 0
    fi
    if with_systemd; then
        systemctl start docker || die "systemctl start docker failed; see 'journalctl -u docker'"
    elif [ -n "$(dockerd_pid || true)" ]; then
        say "dockerd pid $(dockerd_pid) is running but not answering yet: waiting for it"
    else
        # as install-prereqs.sh does, but in a session of its own: the daemon must outlive the caller (a test,
        # a chaos run) and its process group
        setsid nohup dockerd >>"$LOG" 2>&1 </dev/null &
        say "started dockerd (pid $!, log $LOG)"
    fi
    local started=$SECONDS
    until answers; do
        [ $((SECONDS - started)) -lt "$READY_TIMEOUT" ] \
            || die "the engine did not answer within $READY_TIMEOUT s; see $LOG (or 'journalctl -u docker')"
        sleep 0.5
    done
    say "answering ($((SECONDS - started)) s)"
}

case "${1:-}" in
    status) status ;;
    stop) stop ;;
    start) start ;;
    restart) stop && start ;;
    *) die "usage: engine.sh {status|stop|start|restart}" ;;
esac
