# Sourced by deploy/engine.sh and deploy/kafka/kafka.sh: stop one process the way both need it.
#
#   stop_process PID GRACE_SECONDS   SIGTERM, wait up to GRACE s for it to go, then SIGKILL;
#                                    prints "stopped (pid P, N s)" or "... killed (pid P)" through say()

stop_process() {
    local pid="$1" grace="$2" waited=0
    kill -TERM "$pid" 2>/dev/null || true
    while [ -d "/proc/$pid" ] && [ "$waited" -lt $((grace * 10)) ]; do
        sleep 0.1
        waited=$((waited + 1))
    done
    if [ -d "/proc/$pid" ]; then
        kill -KILL "$pid" 2>/dev/null || true
        sleep 0.5
        say "did not stop within $grace s of SIGTERM; killed (pid $pid)"
    else
        say "stopped (pid $pid, $((waited / 10)) s)"
    fi
}
