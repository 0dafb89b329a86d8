#!/usr/bin/env bash
# A loopback OpenID provider for the tests of OAuth2 sign-in (SASL XOAUTH2 / OAUTHBEARER) to the test
# mail servers: npm oidc-provider (pinned in deploy/local/oidc-provider/package-lock.json), server in
# deploy/local/oidc-provider/server.mjs, state in memory only.
#
#   deploy/local/oidc.sh start|stop|status|prepare
#
# prepare only makes the secrets and writes oidc.env (mailservers.sh needs the introspection
# credentials for Dovecot's config even when the provider is not running yet); start does that too.
# On first use, start installs the node modules with `npm ci` into $MAILGRAINS_TOOLS/oidc-provider
# (never into the source folder) and runs the server from there.
#
# Environment:
#   OIDC_PORT (10300)        port on 127.0.0.1; the issuer is http://127.0.0.1:OIDC_PORT
#   OIDC_ACCESS_TOKEN_TTL (60)  access token lifetime in seconds (refresh tokens: 1 day, codes: 60 s)
#   OIDC_REDIRECT_URIS       the product client's redirect URIs, space-separated
#                            (default http://127.0.0.1:5080/v1/oauth2/callback)
#   OIDC_PIDFILE             (default $MAILGRAINS_DATA/oidc-provider.pid)
#   OIDC_LOG                 (default $MAILGRAINS_DATA/logs/oidc-provider.log): one line per token,
#                            introspection, revocation and registration request, without tokens or secrets
#
# State (MAILGRAINS_TEST_STATE, shared with mailservers.sh):
#   oidc/secrets   the client secrets and admin token, made once per state folder
#   oidc/clients.json  the clients the server loads: `mailgrains-test` (authorization_code + refresh_token,
#                  client_secret_basic) and `dovecot` (introspection only, may introspect any token)
#   oidc.env       `export` lines: OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_ADMIN_TOKEN,
#                  OIDC_DOVECOT_CLIENT_ID, OIDC_DOVECOT_CLIENT_SECRET, OIDC_ACCESS_TOKEN_TTL
#
# Accounts: any login name on the provider's login page (any password) is an account whose `sub` is
# that name and whose email is NAME@example.test, so a token of `sub` alice-3f2a signs in to the test
# mailbox alice-3f2a. Test-only routes (Authorization: Bearer $OIDC_ADMIN_TOKEN): POST /test/mint
# {sub, client_id, scope} and POST /test/revoke {sub} (see oidc-provider/admin.mjs).
# start refuses to run when something else answers on the port (its secrets would not be ours);
# stop only stops a provider that this script started (pid file).
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OIDC_PROVIDER_VERSION=9.13.3
OIDC_SOURCE="$ROOT/deploy/local/oidc-provider"
OIDC_DIR="$MAILGRAINS_TOOLS/oidc-provider"
OIDC_PORT="${OIDC_PORT:-10300}"
OIDC_ACCESS_TOKEN_TTL="${OIDC_ACCESS_TOKEN_TTL:-60}"
OIDC_REDIRECT_URIS="${OIDC_REDIRECT_URIS:-http://127.0.0.1:5080/v1/oauth2/callback}"
OIDC_PIDFILE="${OIDC_PIDFILE:-$MAILGRAINS_DATA/oidc-provider.pid}"
OIDC_LOG="${OIDC_LOG:-$MAILGRAINS_LOGS/oidc-provider.log}"
OIDC_STATE="$MAILGRAINS_TEST_STATE/oidc"
OIDC_SECRETS="$OIDC_STATE/secrets"
OIDC_CLIENTS_FILE="$OIDC_STATE/clients.json"
OIDC_ENV="$MAILGRAINS_TEST_STATE/oidc.env"
OIDC_ISSUER="http://$LOOPBACK:$OIDC_PORT"
OIDC_CLIENT_ID=mailgrains-test
OIDC_DOVECOT_CLIENT_ID=dovecot

installed_version() {
    node -e 'process.stdout.write(require(process.argv[1]).version)' \
        "$OIDC_DIR/node_modules/oidc-provider/package.json" 2>/dev/null || true
}

install_provider() {
    mkdir -p "$OIDC_DIR"
    # Two scripts starting providers at once must not install at the same time.
    exec 8>"$OIDC_DIR.lock"
    flock 8
    if [[ "$(installed_version)" != "$OIDC_PROVIDER_VERSION" ]] ||
        ! cmp -s "$OIDC_SOURCE/package-lock.json" "$OIDC_DIR/package-lock.json"; then
        log "installing oidc-provider@$OIDC_PROVIDER_VERSION into $OIDC_DIR (npm ci)"
        cp "$OIDC_SOURCE/package.json" "$OIDC_SOURCE/package-lock.json" "$OIDC_DIR/"
        npm ci --prefix "$OIDC_DIR" --no-audit --no-fund --loglevel=error
        [[ "$(installed_version)" == "$OIDC_PROVIDER_VERSION" ]] || die "oidc-provider install failed"
    fi
    # The server's own files run beside the modules they import.
    cp "$OIDC_SOURCE"/*.mjs "$OIDC_DIR/"
    exec 8>&-
}

new_secret() {
    od -An -tx1 -N24 /dev/urandom | tr -d ' \n'
}

# The secrets of this state folder (made once), the clients file and oidc.env.
cmd_prepare() {
    mkdir -p "$OIDC_STATE"
    chmod 700 "$OIDC_STATE"
    if [[ ! -s $OIDC_SECRETS ]]; then
        log "making the provider's secrets in $OIDC_SECRETS"
        (
            umask 077
            printf 'OIDC_CLIENT_SECRET=%s\nOIDC_DOVECOT_CLIENT_SECRET=%s\nOIDC_ADMIN_TOKEN=%s\n' \
                "$(new_secret)" "$(new_secret)" "$(new_secret)" >"$OIDC_SECRETS.tmp"
        )
        mv "$OIDC_SECRETS.tmp" "$OIDC_SECRETS"
    fi
    # shellcheck source=/dev/null
    . "$OIDC_SECRETS"
    OIDC_CLIENT_ID="$OIDC_CLIENT_ID" OIDC_CLIENT_SECRET="$OIDC_CLIENT_SECRET" \
        OIDC_DOVECOT_CLIENT_ID="$OIDC_DOVECOT_CLIENT_ID" OIDC_DOVECOT_CLIENT_SECRET="$OIDC_DOVECOT_CLIENT_SECRET" \
        OIDC_REDIRECT_URIS="$OIDC_REDIRECT_URIS" node -e '
        const e = process.env;
        const clients = [
          {
            client_id: e.OIDC_CLIENT_ID, client_secret: e.OIDC_CLIENT_SECRET,
            grant_types: ["authorization_code", "refresh_token"], response_types: ["code"],
            redirect_uris: e.OIDC_REDIRECT_URIS.split(/\s+/).filter(Boolean),
            token_endpoint_auth_method: "client_secret_basic",
          },
          {
            client_id: e.OIDC_DOVECOT_CLIENT_ID, client_secret: e.OIDC_DOVECOT_CLIENT_SECRET,
            grant_types: [], response_types: [], redirect_uris: [],
            token_endpoint_auth_method: "client_secret_basic",
          },
        ];
        process.stdout.write(JSON.stringify(clients, null, 2) + "\n");' >"$OIDC_CLIENTS_FILE.tmp"
    chmod 600 "$OIDC_CLIENTS_FILE.tmp"
    mv "$OIDC_CLIENTS_FILE.tmp" "$OIDC_CLIENTS_FILE"
    {
        echo "# Written by deploy/local/oidc.sh. Source it."
        local v
        for v in OIDC_ISSUER OIDC_CLIENT_ID OIDC_CLIENT_SECRET OIDC_ADMIN_TOKEN \
            OIDC_DOVECOT_CLIENT_ID OIDC_DOVECOT_CLIENT_SECRET OIDC_ACCESS_TOKEN_TTL; do
            printf 'export %s=%q\n' "$v" "${!v}"
        done
    } >"$OIDC_ENV.tmp"
    # Readable by the tests, as services.env is; the secrets guard loopback test accounts only.
    chmod 644 "$OIDC_ENV.tmp"
    mv "$OIDC_ENV.tmp" "$OIDC_ENV"
}

cmd_start() {
    if pid_alive "$OIDC_PIDFILE" node; then
        log "oidc provider already running (pid $(read_pid "$OIDC_PIDFILE"))"
        return 0
    fi
    if port_open "$LOOPBACK" "$OIDC_PORT"; then
        die "something else answers on $LOOPBACK:$OIDC_PORT; not starting the oidc provider (set OIDC_PORT)"
    fi
    [[ $OIDC_ACCESS_TOKEN_TTL =~ ^[1-9][0-9]*$ ]] || die "OIDC_ACCESS_TOKEN_TTL must be a number of seconds"
    install_provider
    cmd_prepare
    log "starting the oidc provider on $OIDC_ISSUER (log $OIDC_LOG)"
    (cd "$OIDC_DIR" && OIDC_PORT="$OIDC_PORT" OIDC_ADMIN_TOKEN="$OIDC_ADMIN_TOKEN" \
        OIDC_CLIENTS_FILE="$OIDC_CLIENTS_FILE" OIDC_ACCESS_TOKEN_TTL="$OIDC_ACCESS_TOKEN_TTL" \
        MAIL_DOMAIN="${MAIL_DOMAIN:-example.test}" \
        start_bg "$OIDC_PIDFILE" "$OIDC_LOG" node "$OIDC_DIR/server.mjs")
    if ! wait_for_port "$LOOPBACK" "$OIDC_PORT" 30 "$OIDC_PIDFILE"; then
        tail -n 20 "$OIDC_LOG" >&2 || true
        stop_by_pidfile "$OIDC_PIDFILE" "oidc provider"
        die "the oidc provider did not come up"
    fi
    log "oidc provider up (pid $(read_pid "$OIDC_PIDFILE")); environment in $OIDC_ENV"
}

cmd_stop() {
    if ! pid_alive "$OIDC_PIDFILE" node; then
        log "oidc provider not running (no live pid in $OIDC_PIDFILE)"
        rm -f "$OIDC_PIDFILE"
        return 0
    fi
    stop_by_pidfile "$OIDC_PIDFILE" "oidc provider" 10
    wait_for_port_free "$LOOPBACK" "$OIDC_PORT" 10
}

# Exit status: 0 running (ours), 3 not running, 4 something else answers.
cmd_status() {
    if pid_alive "$OIDC_PIDFILE" node; then
        echo "oidc provider: running (pid $(read_pid "$OIDC_PIDFILE")) on $OIDC_ISSUER"
        return 0
    fi
    if port_open "$LOOPBACK" "$OIDC_PORT"; then
        echo "oidc provider: not started by this script, but $LOOPBACK:$OIDC_PORT answers"
        return 4
    fi
    echo "oidc provider: stopped"
    return 3
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
prepare) cmd_prepare ;;
*)
    echo "usage: $0 start|stop|status|prepare" >&2
    exit 2
    ;;
esac
