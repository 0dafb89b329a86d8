#!/usr/bin/env bash
# The whole system on the local Azurite, in the foreground: Azurite (installed on first use), one silo (or
# MAILGRAINS_SILOS of them, see cluster.sh) and one gateway. Ctrl-C stops them all. Data lives in
# $MAILGRAINS_DATA (default .data/) and survives restarts.
#
# Env knobs:
#   MAILGRAINS_DATA            data folder: Azurite's storage, the generated operator key, logs
#   GATEWAY_URL                where the gateway listens (default http://127.0.0.1:5080)
#   MAILGRAINS_SILOS           how many silos (default 1); silo i listens on 11110+i and 29999+i
#   MailGrains__OperatorKey    the operator key; when unset, one is generated once and kept in the data folder
#                              (the silos get its SHA-256 as MailGrains__OperatorKeySha256)
#   MailGrains__Secrets__*     keys that encrypt mail passwords; when unset, one key ("local") is generated
#                              once and kept in the data folder
#   MailGrains__Cluster__Tls__*
#                              cluster TLS; by default the silos and the gateway use certificates of a throw-away
#                              CA made once in $MAILGRAINS_DATA/cluster-tls (cluster-certs.sh);
#                              MailGrains__Cluster__Tls__Enabled=false runs the cluster without TLS
#   MailGrains__Network__*, MailGrains__Mail__Allow*
#                              outbound policy; by default loopback mail servers, plaintext and sending
#                              without login are allowed here (see below), unlike in production
#   MailGrains__OAuth2__*      OAuth2 providers; when none is set and the local test OpenID provider runs
#                              (deploy/local/oidc.sh start), it is configured as provider "local"
#   MailGrains__*              any other setting of the silo and gateway (see README)
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=up

GATEWAY_URL="${GATEWAY_URL:-http://127.0.0.1:5080}"
RUN="$MAILGRAINS_DATA/run"
SILOS="${MAILGRAINS_SILOS:-1}"
[[ $SILOS =~ ^[1-9]$ ]] || die "MAILGRAINS_SILOS must be 1 to 9"
silo_pid() { printf '%s/silo-%s.pid' "$RUN" "$1"; }
silo_log() { printf '%s/silo-%s.log' "$MAILGRAINS_LOGS" "$1"; }
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
# The local test OpenID provider (oidc.sh), as provider "local", when it runs and no provider is configured: a
# tenant admin can then connect the test mail servers' users with OAuth2 (any login name on its page).
local_oauth2_settings() {
    if compgen -e | grep -q '^MailGrains__OAuth2__'; then
        return
    fi
    if ! "$ROOT/deploy/local/oidc.sh" status >/dev/null 2>&1 || [[ ! -s $MAILGRAINS_TEST_STATE/oidc.env ]]; then
        return
    fi
    # shellcheck source=/dev/null
    . "$MAILGRAINS_TEST_STATE/oidc.env"
    log "OAuth2: the local test provider $OIDC_ISSUER is configured as provider \"local\""
    export MailGrains__OAuth2__RedirectUri="$GATEWAY_URL/v1/oauth2/callback"
    export MailGrains__OAuth2__Providers__local__Kind=oidc
    export MailGrains__OAuth2__Providers__local__DisplayName="Local test provider"
    export MailGrains__OAuth2__Providers__local__Issuer="$OIDC_ISSUER"
    export MailGrains__OAuth2__Providers__local__ClientId="$OIDC_CLIENT_ID"
    export MailGrains__OAuth2__Providers__local__ClientSecret="$OIDC_CLIENT_SECRET"
    local i=0 scope
    for scope in openid email profile offline_access mail; do
        export "MailGrains__OAuth2__Providers__local__Scopes__$i=$scope"
        i=$((i + 1))
    done
}

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
    trap '' INT TERM PIPE HUP
    set +e
    log "stopping"
    [[ -n $tail_pid ]] && kill "$tail_pid" 2>/dev/null
    stop_by_pidfile "$GATEWAY_PID" gateway 30
    local i
    for ((i = SILOS; i >= 1; i--)); do
        stop_by_pidfile "$(silo_pid "$i")" "silo $i" 100
    done
    if ((started_azurite)); then
        "$ROOT/deploy/local/azurite.sh" stop
    fi
    log "stopped"
}

on_signal() {
    stop_all
    exit 0
}

for i in $(seq 1 9); do
    pid_alive "$(silo_pid "$i")" && die "a silo started by up.sh already runs (pid $(read_pid "$(silo_pid "$i")")); stop it first"
done
pid_alive "$GATEWAY_PID" && die "a gateway started by up.sh already runs (pid $(read_pid "$GATEWAY_PID")); stop it first"

# The local mail servers (mailservers.sh) listen on loopback, some ports in plain text, and the local Postfix
# relays without a login; a local webhook receiver listens on loopback over plain http: allow exactly that for a
# local run, in the silos and the gateway alike. A production deployment sets none of these, so loopback, private
# networks, plaintext, unauthenticated relay and http webhooks are refused.
# Set any of them beforehand to run with other values.
export MailGrains__Network__Allow__0="${MailGrains__Network__Allow__0:-127.0.0.0/8}"
export MailGrains__Network__Allow__1="${MailGrains__Network__Allow__1:-::1/128}"
export MailGrains__Mail__AllowPlaintext="${MailGrains__Mail__AllowPlaintext:-true}"
export MailGrains__Mail__AllowUnauthenticatedSmtp="${MailGrains__Mail__AllowUnauthenticatedSmtp:-true}"
export MailGrains__Webhooks__AllowPlainHttp="${MailGrains__Webhooks__AllowPlainHttp:-true}"

# Mutual TLS between the silos and the gateway, with this data folder's throw-away CA, unless configured from outside.
CLUSTER_TLS="$MAILGRAINS_DATA/cluster-tls"
"$ROOT/deploy/local/cluster-certs.sh"
export MailGrains__Cluster__Tls__CaFiles__0="${MailGrains__Cluster__Tls__CaFiles__0:-$CLUSTER_TLS/ca.crt}"
SILO_CERTIFICATE="${MailGrains__Cluster__Tls__CertificateFile:-$CLUSTER_TLS/silo.crt}"
SILO_KEY="${MailGrains__Cluster__Tls__KeyFile:-$CLUSTER_TLS/silo.key}"
GATEWAY_CERTIFICATE="${MailGrains__Cluster__Tls__CertificateFile:-$CLUSTER_TLS/gateway.crt}"
GATEWAY_KEY="${MailGrains__Cluster__Tls__KeyFile:-$CLUSTER_TLS/gateway.key}"

key="$(operator_key)"
# The silos hold only the key's SHA-256 and check it on the gateway's operator calls (tenants, admin keys).
export MailGrains__OperatorKeySha256="${MailGrains__OperatorKeySha256:-$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)}"
secret_key_settings
local_oauth2_settings
build

trap on_signal INT TERM HUP
trap stop_all EXIT

# status: 0 ours running, 3 stopped, 4 someone else's answers. Stop on exit only what we start here.
rc=0
"$ROOT/deploy/local/azurite.sh" status >/dev/null || rc=$?
if ((rc == 3)); then started_azurite=1; fi
"$ROOT/deploy/local/azurite.sh" start

for i in $(seq 1 "$SILOS"); do
    log "starting silo $i (log: $(silo_log "$i"))"
    if ((SILOS == 1)); then
        MailGrains__Cluster__Tls__CertificateFile="$SILO_CERTIFICATE" MailGrains__Cluster__Tls__KeyFile="$SILO_KEY" \
            start_bg "$(silo_pid "$i")" "$(silo_log "$i")" dotnet "$ROOT/silo/MailGrains.Silo/bin/Release/net10.0/MailGrains.Silo.dll"
    else
        MailGrains__Cluster__SiloPort=$((11110 + i)) MailGrains__Cluster__GatewayPort=$((29999 + i)) \
            MailGrains__Cluster__Tls__CertificateFile="$SILO_CERTIFICATE" MailGrains__Cluster__Tls__KeyFile="$SILO_KEY" \
            start_bg "$(silo_pid "$i")" "$(silo_log "$i")" dotnet "$ROOT/silo/MailGrains.Silo/bin/Release/net10.0/MailGrains.Silo.dll"
    fi
done

log "starting the gateway on $GATEWAY_URL (log: $MAILGRAINS_LOGS/gateway.log)"
MailGrains__OperatorKey="$key" \
    MailGrains__Cluster__Tls__CertificateFile="$GATEWAY_CERTIFICATE" MailGrains__Cluster__Tls__KeyFile="$GATEWAY_KEY" \
    start_bg "$GATEWAY_PID" "$MAILGRAINS_LOGS/gateway.log" \
    dotnet "$ROOT/src/MailGrains.Gateway/bin/Release/net10.0/MailGrains.Gateway.dll" \
    --urls "$GATEWAY_URL" --contentRoot "$ROOT/src/MailGrains.Gateway/bin/Release/net10.0"

silo_logs=()
for i in $(seq 1 "$SILOS"); do silo_logs+=("$(silo_log "$i")"); done
tail -n 0 -F "${silo_logs[@]}" "$MAILGRAINS_LOGS/gateway.log" 2>/dev/null &
tail_pid=$!

deadline=$((SECONDS + READY_TIMEOUT))
until curl -fsS -o /dev/null "$GATEWAY_URL/health/ready" 2>/dev/null; do
    for i in $(seq 1 "$SILOS"); do
        pid_alive "$(silo_pid "$i")" || die "silo $i exited; see $(silo_log "$i")"
    done
    pid_alive "$GATEWAY_PID" || die "the gateway exited; see $MAILGRAINS_LOGS/gateway.log"
    ((SECONDS < deadline)) || die "the gateway was not ready within ${READY_TIMEOUT}s"
    sleep 0.5
done

cat <<MSG

  MailGrains is ready.
    Gateway:       $GATEWAY_URL   (OpenAPI: $GATEWAY_URL/openapi/v1.json, try it: $GATEWAY_URL/docs)
    Silos:         $SILOS
    Operator key:  $key
    Data:          $MAILGRAINS_DATA
  Press Ctrl-C to stop.

MSG

# One silo of several may die (that is what a cluster is for): say so once, and keep going while the
# gateway and at least one silo run.
declare -A reported=()
still_serving() {
    local i alive=0
    for i in $(seq 1 "$SILOS"); do
        if pid_alive "$(silo_pid "$i")"; then
            alive=$((alive + 1))
        elif [[ -z ${reported[$i]:-} ]]; then
            reported[$i]=1
            log "silo $i exited; see $(silo_log "$i")"
        fi
    done
    ((alive > 0)) && pid_alive "$GATEWAY_PID"
}

while still_serving; do
    sleep 1
done
log "no silo or no gateway left; see $MAILGRAINS_LOGS"
exit 1
