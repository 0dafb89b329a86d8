#!/usr/bin/env bash
# The whole system on the local Azurite, in the foreground: Azurite (installed on first use), one silo and
# one gateway. Ctrl-C stops all three. Data lives in $MAILGRAINS_DATA (default .data/) and survives restarts.
#
# Env knobs:
#   MAILGRAINS_DATA            data folder: Azurite's storage, the generated operator key, logs
#   GATEWAY_URL                where the gateway listens (default http://127.0.0.1:5080)
#   MailGrains__OperatorKey    the operator key; when unset, one is generated once and kept in the data folder
#   MailGrains__Secrets__*     keys that encrypt mail passwords; when unset, one key ("local") is generated
#                              once and kept in the data folder
#   MailGrains__*              any other setting of the silo and gateway (see README)
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=up

GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:5080}"
RUN="$MAILGRAINS_DATA/run"
SILO_PID="$RUN/silo.pid"
GATEWAY_PID="$RUN/gateway.pid"
READY_TIMEOUT=90
mkdir -p "$RUN"

operator_key() {
    if [[ -n ${MailGrains__OperatorKey:-} ]]; then
        printf '%s' "$MailGrains__OperatorKey"
        return
    fi
    local file="$MAILGRAINS_DATA/operator-key"
    if [[ ! -s $file ]]; then
        (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '/+=\n' >"$file")
        log "generated an operator key in $file"
    fi
    cat "$file"
}

# The silo's key for mail passwords at rest, unless configured from outside.
secret_key_settings() {
    if [[ -n ${MailGrains__Secrets__CurrentKeyId:-} ]]; then
        return
    fi
    local file="$MAILGRAINS_DATA/secret-key"
    if [[ ! -s $file ]]; then
        (umask 077 && head -c 32 /dev/urandom | base64 | tr -d '\n' >"$file")
        log "generated a secret-encryption key in $file"
    fi
    export MailGrains__Secrets__CurrentKeyId=local
    MailGrains__Secrets__Keys__local="$(cat "$file")"
    export MailGrains__Secrets__Keys__local
}

build() {
    log "building the silo and the gateway"
    local project
    for project in silo/MailGrains.Silo/MailGrains.Silo.csproj src/MailGrains.Gateway/MailGrains.Gateway.csproj; do
        dotnet build "$ROOT/$project" -c Release --nologo -v quiet -clp:ErrorsOnly >>"$MAILGRAINS_LOGS/build.log" 2>&1 ||
            die "build of $project failed; see $MAILGRAINS_LOGS/build.log"
    done
}

started_azurite=0
tail_pid=""
stopping=0

stop_all() {
    ((stopping)) && return
    stopping=1
    # Keep stopping even when our output has gone (e.g. `up.sh | tee log` and Ctrl-C ended tee).
    trap '' INT TERM PIPE
    set +e
    log "stopping"
    [[ -n $tail_pid ]] && kill "$tail_pid" 2>/dev/null
    stop_by_pidfile "$GATEWAY_PID" gateway 30
    stop_by_pidfile "$SILO_PID" silo 100
    if ((started_azurite)); then
        "$ROOT/deploy/local/azurite.sh" stop
    fi
    log "stopped"
}

on_signal() {
    stop_all
    exit 0
}

pid_alive "$SILO_PID" && die "a silo started by up.sh already runs (pid $(read_pid "$SILO_PID")); stop it first"
pid_alive "$GATEWAY_PID" && die "a gateway started by up.sh already runs (pid $(read_pid "$GATEWAY_PID")); stop it first"

key="$(operator_key)"
secret_key_settings
build

trap on_signal INT TERM
trap stop_all EXIT

# status: 0 ours running, 3 stopped, 4 someone else's answers. Stop on exit only what we start here.
rc=0
"$ROOT/deploy/local/azurite.sh" status >/dev/null || rc=$?
if ((rc == 3)); then started_azurite=1; fi
"$ROOT/deploy/local/azurite.sh" start

log "starting the silo (log: $MAILGRAINS_LOGS/silo.log)"
start_bg "$SILO_PID" "$MAILGRAINS_LOGS/silo.log" \
    dotnet "$ROOT/silo/MailGrains.Silo/bin/Release/net10.0/MailGrains.Silo.dll"

log "starting the gateway on $GATEWAY_URL (log: $MAILGRAINS_LOGS/gateway.log)"
MailGrains__OperatorKey="$key" start_bg "$GATEWAY_PID" "$MAILGRAINS_LOGS/gateway.log" \
    dotnet "$ROOT/src/MailGrains.Gateway/bin/Release/net10.0/MailGrains.Gateway.dll" \
    --urls "$GATEWAY_URL" --contentRoot "$ROOT/src/MailGrains.Gateway/bin/Release/net10.0"

tail -n 0 -F "$MAILGRAINS_LOGS/silo.log" "$MAILGRAINS_LOGS/gateway.log" 2>/dev/null &
tail_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS -o /dev/null "$GATEWAY_URL/health/ready" 2>/dev/null; do
    pid_alive "$SILO_PID" || die "the silo exited; see $MAILGRAINS_LOGS/silo.log"
    pid_alive "$GATEWAY_PID" || die "the gateway exited; see $MAILGRAINS_LOGS/gateway.log"
    ((SECONDS < deadline)) || die "the gateway was not ready within ${READY_TIMEOUT}s"
    sleep 0.5
done

cat <<MSG

  MailGrains is ready.
    Gateway:       $GATEWAY_URL   (OpenAPI: $GATEWAY_URL/openapi/v1.json)
    Operator key:  $key
    Data:          $MAILGRAINS_DATA
  Press Ctrl-C to stop.

MSG

while pid_alive "$SILO_PID" && pid_alive "$GATEWAY_PID"; do
    sleep 1
done
log "a process exited unexpectedly; see $MAILGRAINS_LOGS"
exit 1
