#!/usr/bin/env bash
# A local single-node Apache Kafka 4.x broker (KRaft, combined broker+controller) for Stoker,
# run from the Maven artifacts listed in deploy/kafka/pom.xml (no tarball download).
#
#   kafka.sh start      prepare, start in the background, wait until it answers (up to 60 s)
#   kafka.sh stop       SIGTERM, wait up to 30 s, then SIGKILL
#   kafka.sh status     "running" (exit 0) or "not running" (exit 3)
#   kafka.sh classpath  gather the jars once (again when pom.xml is newer); prints the class path
#   kafka.sh prepare    classpath + server.properties + jvm.args + format the log dir (first time)
#   kafka.sh tool CLASS [ARGS]  run a Kafka command-line tool on that class path (see topics.sh)
#
# Environment: STOKER_HOME (default ~/.stoker), STOKER_KAFKA_PORT (default 9092),
# STOKER_KAFKA_CONTROLLER_PORT (default 9093), STOKER_KAFKA_HEAP (default 512m), JAVA_HOME.
#
# Files, shared with `stoker up`, which starts the same broker as
#   java @$STOKER_HOME/kafka/jvm.args kafka.Kafka $STOKER_HOME/kafka/server.properties
# after `kafka.sh prepare`:
#   $STOKER_HOME/kafka/{lib/,data/,server.properties,jvm.args,cluster.id}
#   $STOKER_HOME/run/kafka.pid, $STOKER_HOME/logs/kafka.log
set -euo pipefail

HERE="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd -P)"
# shellcheck source=../stop-process.sh
. "$HERE/../stop-process.sh"
STOKER_HOME="${STOKER_HOME:-$HOME/.stoker}"
PORT="${STOKER_KAFKA_PORT:-9092}"
CONTROLLER_PORT="${STOKER_KAFKA_CONTROLLER_PORT:-9093}"
HEAP="${STOKER_KAFKA_HEAP:-512m}"
KAFKA_DIR="$STOKER_HOME/kafka"
LIB="$KAFKA_DIR/lib"
DATA="$KAFKA_DIR/data"
CONFIG="$KAFKA_DIR/server.properties"
JVM_ARGS="$KAFKA_DIR/jvm.args"
CLUSTER_ID_FILE="$KAFKA_DIR/cluster.id"
PID_FILE="$STOKER_HOME/run/kafka.pid"
LOG="$STOKER_HOME/logs/kafka.log"
# text of the broker's command line: tells our broker from an unrelated process that reused the pid
MARKER="kafka.Kafka"
READY_TIMEOUT=60
STOP_GRACE=30
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"

say() { echo "kafka: $*" >&2; }
die() { say "$*"; exit 1; }

check_port() {
    local name="$1" value="$2"
    [[ "$value" =~ ^[0-9]+$ ]] && [ "$value" -ge 1 ] && [ "$value" -le 65535 ] \
        || die "$name='$value' is not a port number (1-65535)"
}
check_port STOKER_KAFKA_PORT "$PORT"
check_port STOKER_KAFKA_CONTROLLER_PORT "$CONTROLLER_PORT"
[ "$PORT" != "$CONTROLLER_PORT" ] || die "STOKER_KAFKA_PORT and STOKER_KAFKA_CONTROLLER_PORT are both $PORT"
[[ "$HEAP" =~ ^[0-9]+[kKmMgG]$ ]] || die "STOKER_KAFKA_HEAP='$HEAP' is not a heap size like 512m or 1g"

# --- the class path --------------------------------------------------------------------------

gathered() { [ -f "$LIB/.gathered" ] && [ ! "$HERE/pom.xml" -nt "$LIB/.gathered" ]; }

gather() {
    if gathered; then return 0; fi
    if running; then
        say "pom.xml changed but the broker is running: stop it first to re-gather its jars"
        return 0
    fi
    command -v mvn >/dev/null || die "Maven (mvn) is needed to gather the broker's jars: apt-get install maven"
    say "gathering the broker's jars into $LIB (first time only, about 20 s)..."
    local tmp="$LIB.new"
    rm -rf "$tmp"
    mkdir -p "$tmp"
    # Debian's Maven prints bare colour resets even with -q -B: drop them
    if ! mvn -q -B -f "$HERE/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp" 2>&1 \
            | sed -u -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2 \
            || ! ls "$tmp"/kafka_2.13-*.jar >/dev/null 2>&1; then
        rm -rf "$tmp"
        die "gathering the jars failed (see above); is Maven Central reachable?"
    fi
    touch "$tmp/.gathered"
    rm -rf "$LIB"
    mv "$tmp" "$LIB"
}

# --- the broker's files ----------------------------------------------------------------------

write_config() {
    mkdir -p "$KAFKA_DIR" "$DATA"
    # rewritten on every start so that port changes take effect; the data dir keeps the identity
    cat >"$CONFIG.new" <<EOF
# written by deploy/kafka/kafka.sh on every start: edit that script, not this file
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DATA
num.partitions=1
# one node: every internal topic has one replica
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1
# a local broker: consumers join at once, topics named in a guide appear on first use
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
EOF
    mv "$CONFIG.new" "$CONFIG"
    # a JVM argument file: the same JVM options whether kafka.sh or `stoker up` starts the broker
    cat >"$JVM_ARGS.new" <<EOF
-Xmx$HEAP
-Xms$HEAP
-XX:+UseG1GC
-XX:MaxGCPauseMillis=20
-Djava.awt.headless=true
-Dlog4j2.configurationFile=$HERE/log4j2.properties
-cp
$LIB/*
EOF
    mv "$JVM_ARGS.new" "$JVM_ARGS"
}

format_once() {
    [ -f "$DATA/meta.properties" ] && return 0
    if [ ! -s "$CLUSTER_ID_FILE" ]; then
        "$JAVA" -cp "$LIB/*" -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" \
            kafka.tools.StorageTool random-uuid >"$CLUSTER_ID_FILE.new"
        mv "$CLUSTER_ID_FILE.new" "$CLUSTER_ID_FILE"
    fi
    local id
    id="$(tr -d '[:space:]' <"$CLUSTER_ID_FILE")"
    say "formatting $DATA (cluster id $id)"
    "$JAVA" -cp "$LIB/*" -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" \
        kafka.tools.StorageTool format -t "$id" -c "$CONFIG" >&2 \
        || die "formatting $DATA failed (see above)"
}

prepare() {
    command -v "$JAVA" >/dev/null || die "Java 17+ is needed: apt-get install openjdk-17-jre-headless"
    gather
    write_config
    format_once
}

# --- the process -----------------------------------------------------------------------------

recorded_pid() { [ -f "$PID_FILE" ] && tr -d '[:space:]' <"$PID_FILE" | grep -E '^[0-9]+$' || true; }

# is the recorded pid alive and our broker (not a process that reused the pid)?
running() {
    local pid
    pid="$(recorded_pid)"
    [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$MARKER"
}

port_answers() { timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$PORT" 2>/dev/null; }

await_ready() {
    local pid="$1" started=$SECONDS
    printf 'kafka: waiting for 127.0.0.1:%s (up to %s s)' "$PORT" "$READY_TIMEOUT" >&2
    while ! port_answers; do
        if ! running; then
            echo >&2
            rm -f "$PID_FILE"
            say "the broker exited before it was ready; last lines of $LOG:"
            tail -n 30 "$LOG" >&2 || true
            exit 1
        fi
        if [ $((SECONDS - started)) -ge "$READY_TIMEOUT" ]; then
            echo >&2
            die "not ready within $READY_TIMEOUT s (pid $pid still running); see $LOG"
        fi
        printf '.' >&2
        sleep 0.5
    done
    echo >&2
    # the port opens before the broker serves metadata: one real request proves it works
    # (a subshell: tool ends in exec)
    if ! (tool org.apache.kafka.tools.TopicCommand --list >/dev/null); then
        say "the port answers but listing topics failed; see $LOG"
        exit 1
    fi
    say "ready at 127.0.0.1:$PORT (pid $pid, $((SECONDS - started)) s, log $LOG)"
}

start() {
    if running; then
        say "already running (pid $(recorded_pid))"
        await_ready "$(recorded_pid)"
        return 0
    fi
    if port_answers; then
        die "something else listens on 127.0.0.1:$PORT: stop it, or set STOKER_KAFKA_PORT"
    fi
    prepare
    mkdir -p "$(dirname "$PID_FILE")" "$(dirname "$LOG")"
    # a new session: the broker must outlive this shell and its terminal
    setsid "$JAVA" @"$JVM_ARGS" kafka.Kafka "$CONFIG" >>"$LOG" 2>&1 </dev/null &
    local pid=$!
    echo "$pid" >"$PID_FILE"
    say "started (pid $pid, log $LOG)"
    await_ready "$pid"
}

stop() {
    local pid
    pid="$(recorded_pid)"
    if [ -z "$pid" ]; then
        say "not running (no $PID_FILE)"
        return 0
    fi
    if ! running; then
        rm -f "$PID_FILE"
        say "not running (removed the stale pid file)"
        return 0
    fi
    stop_process "$pid" "$STOP_GRACE"
    rm -f "$PID_FILE"
}

status() {
    if running; then
        if port_answers; then
            echo "kafka: running (pid $(recorded_pid), 127.0.0.1:$PORT)"
        else
            echo "kafka: running (pid $(recorded_pid)) but 127.0.0.1:$PORT does not answer; see $LOG"
        fi
        return 0
    fi
    echo "kafka: not running"
    return 3
}

# runs a command-line tool; a bootstrap server is added when the caller names none
tool() {
    [ $# -ge 1 ] || die "usage: kafka.sh tool CLASS [ARGS...]"
    local class="$1"
    shift
    gather
    local extra=()
    case " $* " in
        *" --bootstrap-server "* | *" --bootstrap-server="* | *" --help "* | *" --version "*) ;;
        *) extra=(--bootstrap-server "127.0.0.1:$PORT") ;;
    esac
    # tools are short-lived: a small heap and the quick-start JIT
    exec "$JAVA" -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
        -Dlog4j2.configurationFile="$HERE/tools-log4j2.properties" -cp "$LIB/*" "$class" "${extra[@]}" "$@"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    classpath) gather && echo "$LIB/*" ;;
    prepare) prepare ;;
    tool) shift && tool "$@" ;;
    *) die "usage: kafka.sh {start|stop|status|classpath|prepare|tool CLASS [ARGS]}" ;;
esac
