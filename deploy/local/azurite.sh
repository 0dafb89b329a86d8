#!/usr/bin/env bash
# Azurite (Azure Storage emulator) for local runs, on 127.0.0.1 only.
#
#   deploy/local/azurite.sh start|stop|status
#
# Installs npm azurite (pinned) into $ROOT/.tools/azurite on first use.
# Environment:
#   AZURITE_BLOB_PORT (10000) AZURITE_QUEUE_PORT (10001) AZURITE_TABLE_PORT (10002)
#   AZURITE_LOCATION  data folder (default $MAILGRAINS_DATA/azurite)
#   AZURITE_IN_MEMORY=1  keep data in memory only (--inMemoryPersistence)
#   AZURITE_PIDFILE   (default $MAILGRAINS_DATA/azurite.pid)
#   AZURITE_LOG       (default $MAILGRAINS_DATA/logs/azurite.log)
# If something already answers on the table port, start says so and starts
# nothing; stop only stops an Azurite that this script started (pid file).
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

AZURITE_VERSION=3.37.0
AZURITE_DIR="$MAILGRAINS_TOOLS/azurite"
AZURITE_BIN="$AZURITE_DIR/node_modules/.bin/azurite"
AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10000}"
AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10001}"
AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10002}"
AZURITE_LOCATION="${AZURITE_LOCATION:-$MAILGRAINS_DATA/azurite}"
AZURITE_IN_MEMORY="${AZURITE_IN_MEMORY:-0}"
AZURITE_PIDFILE="${AZURITE_PIDFILE:-$MAILGRAINS_DATA/azurite.pid}"
AZURITE_LOG="${AZURITE_LOG:-$MAILGRAINS_LOGS/azurite.log}"

installed_version() {
    node -e 'process.stdout.write(require(process.argv[1]).version)' \
        "$AZURITE_DIR/node_modules/azurite/package.json" 2>/dev/null || true
}

install_azurite() {
    mkdir -p "$AZURITE_DIR"
    # Two scripts starting Azurites at once must not install at the same time.
    exec 8>"$AZURITE_DIR.lock"
    flock 8
    if [[ "$(installed_version)" != "$AZURITE_VERSION" || ! -x $AZURITE_BIN ]]; then
        log "installing azurite@$AZURITE_VERSION into $AZURITE_DIR"
        npm install --prefix "$AZURITE_DIR" --no-audit --no-fund --loglevel=error \
            "azurite@$AZURITE_VERSION"
        [[ "$(installed_version)" == "$AZURITE_VERSION" ]] || die "azurite install failed"
    fi
    exec 8>&-
}

cmd_start() {
    if pid_alive "$AZURITE_PIDFILE" node; then
        log "azurite already running (pid $(read_pid "$AZURITE_PIDFILE"))"
        return 0
    fi
    if port_open "$LOOPBACK" "$AZURITE_TABLE_PORT"; then
        log "something already answers on $LOOPBACK:$AZURITE_TABLE_PORT; not starting another azurite"
        return 0
    fi
    install_azurite
    local args=(
        --silent --skipApiVersionCheck
        --blobHost "$LOOPBACK" --blobPort "$AZURITE_BLOB_PORT"
        --queueHost "$LOOPBACK" --queuePort "$AZURITE_QUEUE_PORT"
        --tableHost "$LOOPBACK" --tablePort "$AZURITE_TABLE_PORT"
    )
    # Azurite refuses --location together with --inMemoryPersistence; it then
    # runs in the location folder, so that nothing lands elsewhere.
    if [[ $AZURITE_IN_MEMORY == 1 ]]; then
        args+=(--inMemoryPersistence)
    else
        args+=(--location "$AZURITE_LOCATION")
    fi
    mkdir -p "$AZURITE_LOCATION"
    log "starting azurite on $LOOPBACK:$AZURITE_BLOB_PORT/$AZURITE_QUEUE_PORT/$AZURITE_TABLE_PORT (log $AZURITE_LOG)"
    # Run node directly, so the pid file names the server itself.
    local bin
    bin="$(readlink -f "$AZURITE_BIN")"
    (cd "$AZURITE_LOCATION" && start_bg "$AZURITE_PIDFILE" "$AZURITE_LOG" node "$bin" "${args[@]}")
    local port
    for port in "$AZURITE_BLOB_PORT" "$AZURITE_QUEUE_PORT" "$AZURITE_TABLE_PORT"; do
        if ! wait_for_port "$LOOPBACK" "$port" 60 "$AZURITE_PIDFILE"; then
            tail -n 20 "$AZURITE_LOG" >&2 || true
            stop_by_pidfile "$AZURITE_PIDFILE" azurite
            die "azurite did not come up"
        fi
    done
    log "azurite up (pid $(read_pid "$AZURITE_PIDFILE"))"
}

cmd_stop() {
    if ! pid_alive "$AZURITE_PIDFILE" node; then
        log "azurite not running (no live pid in $AZURITE_PIDFILE)"
        rm -f "$AZURITE_PIDFILE"
        return 0
    fi
    local pid port rc=0 deadline
    pid="$(read_pid "$AZURITE_PIDFILE")"
    log "stopping azurite (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for port in "$AZURITE_BLOB_PORT" "$AZURITE_QUEUE_PORT" "$AZURITE_TABLE_PORT"; do
        wait_for_port_free "$LOOPBACK" "$port" 20 || rc=1
    done
    # On TERM Azurite closes its servers and saves its data within a moment,
    # but node then often lingers for 10-20 s: give it 3 s, then kill it.
    deadline=$((SECONDS + 3))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    fi
    rm -f "$AZURITE_PIDFILE"
    return "$rc"
}

# Exit status: 0 running (ours), 3 not running, 4 something else answers.
cmd_status() {
    if pid_alive "$AZURITE_PIDFILE" node; then
        echo "azurite: running (pid $(read_pid "$AZURITE_PIDFILE")) on $LOOPBACK:$AZURITE_BLOB_PORT/$AZURITE_QUEUE_PORT/$AZURITE_TABLE_PORT"
        return 0
    fi
    if port_open "$LOOPBACK" "$AZURITE_TABLE_PORT"; then
        echo "azurite: not started by this script, but $LOOPBACK:$AZURITE_TABLE_PORT answers"
        return 4
    fi
    echo "azurite: stopped"
    return 3
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
*)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
