#!/usr/bin/env bash
# Test mail servers for MailGrains: Dovecot (IMAP/POP3/LMTP) + Postfix (SMTP),
# private configs, loopback only, mail domain example.test; beside them Cyrus IMAP
# (cyrus.sh) and Courier IMAP (courier.sh), so that tests can hold on more than one
# IMAP/POP3 server.
#
# Dovecot and Postfix submission take PLAIN/LOGIN (passwd-file) and XOAUTH2/OAUTHBEARER:
# an OAuth2 access token of the test OpenID provider (oidc.sh), checked by introspection
# on every login; the token's `sub` must be the user's name and its scope must have `mail`.
# The provider's issuer and Dovecot's client credentials come from oidc.env in the state
# folder: start oidc.sh first (when oidc.env is missing, `oidc.sh prepare` writes it and token
# logins fail until the provider runs; password logins work either way).
#
#   deploy/local/mailservers.sh start|stop|status|install
#
# MAIL_EXTRA_SERVERS (default "cyrus courier") names the other servers that start
# with Dovecot and Postfix (empty: none); stop always stops all of them. Their ports,
# state and users are described in their own scripts.
#
# MAIL_IMAP_CLIENTS_PER_PROCESS (default 1) is how many IMAP sessions one Dovecot imap
# process serves. Each process takes one inotify instance of the mail user, and past the
# kernel's limit (fs.inotify.max_user_instances, often 128) Dovecot tells an IDLE client of
# new mail only every 30 s; the bench, with a thousand IDLE sessions, sets it higher.
#
# Ports (127.0.0.1 only; each overridable by an environment variable of that name):
#   MAIL_IMAP_PORT=10143        IMAP, plain + STARTTLS (Dovecot)
#   MAIL_IMAPS_PORT=10993       IMAP, implicit TLS (Dovecot)
#   MAIL_POP3_PORT=10110        POP3, plain + STLS (Dovecot)
#   MAIL_POP3S_PORT=10995       POP3, implicit TLS (Dovecot)
#   MAIL_LMTP_PORT=10024        LMTP (Dovecot; Postfix delivers here)
#   MAIL_SMTP_PORT=10025        SMTP, no auth, STARTTLS offered (Postfix)
#   MAIL_SUBMISSION_PORT=10587  submission, STARTTLS required + SASL AUTH (Postfix)
#   MAIL_SMTPS_PORT=10465       SMTPS, implicit TLS + SASL AUTH (Postfix)
#
# State (MAILGRAINS_TEST_STATE, default $MAILGRAINS_DATA/test-mail):
#   users         Dovecot passwd-file: the test users
#   tls/cert.pem  self-signed certificate for localhost/127.0.0.1 (tls/key.pem)
#   mail/NAME/Maildir  each user's mail
#   run/          Dovecot's sockets and Postfix's queue (/run/mailgrains-HASH
#                 instead when the state folder's path is long)
#   oidc.env, oidc/  the OpenID provider's settings and secrets (oidc.sh)
#   services.env  `export` lines for MAIL_HOST, the ports, MAIL_USERS_FILE, MAIL_DOMAIN,
#                 MAIL_CA_CERT, MAIL_HOME_ROOT (= mail/) and MAILGRAINS_TEST_STATE, and
#                 those of the other servers that run (`cyrus.sh env`, `courier.sh env`:
#                 MAIL_CYRUS_IMAP_PORT, MAIL_COURIER_POP3_PORT, ...)
#   cyrus/, courier/  the other servers' state
# Logs: $MAILGRAINS_DATA/logs/dovecot.log and postfix.log.
#
# Users: one line per user in the passwd-file, exactly
#     NAME:{PLAIN}PASSWORD::::::
# NAME lower case ([a-z0-9._-], logins are lower-cased), PASSWORD without ':'
# or newline. Appending such a line takes effect without a restart, within
# 1 s: Dovecot re-reads the file at most once a second. To be sure, retry an
# IMAP LOGIN as the new user until it succeeds before sending it mail over
# SMTP (deploy/local/mail-user.sh add NAME PASSWORD appends and waits).
# Log in as NAME or NAME@example.test; mail for NAME@example.test lands in
# NAME's INBOX.
# Seeded users: alice, bob, carol, all with password "secret".
#
# Unknown recipients in example.test are refused at RCPT time with a 550 that
# Postfix passes through from Dovecot's LMTP answer (recipient address
# verification; the first RCPT to an address takes ~1 s, and a refusal is
# remembered for 3 s). Mail to any other domain is refused with 554
# "Relay access denied". Delivering over LMTP directly skips all that.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=deploy/local/mailservers-config.sh
. "$(dirname "${BASH_SOURCE[0]}")/mailservers-config.sh"

MAIL_PACKAGES=(dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix openssl)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
ALL_EXTRA_SERVERS=(cyrus courier)
read -r -a EXTRA_SERVERS <<<"${MAIL_EXTRA_SERVERS-cyrus courier}"
MAIL_DOMAIN=example.test
MAIL_UID=8 # Debian's `mail` user and group
MAIL_GID=8

MAIL_IMAP_PORT="${MAIL_IMAP_PORT:-10143}"
MAIL_IMAPS_PORT="${MAIL_IMAPS_PORT:-10993}"
MAIL_POP3_PORT="${MAIL_POP3_PORT:-10110}"
MAIL_POP3S_PORT="${MAIL_POP3S_PORT:-10995}"
MAIL_LMTP_PORT="${MAIL_LMTP_PORT:-10024}"
MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-10025}"
MAIL_SUBMISSION_PORT="${MAIL_SUBMISSION_PORT:-10587}"
MAIL_SMTPS_PORT="${MAIL_SMTPS_PORT:-10465}"
DOVECOT_PORTS=(MAIL_IMAP_PORT MAIL_IMAPS_PORT MAIL_POP3_PORT MAIL_POP3S_PORT MAIL_LMTP_PORT)
POSTFIX_PORTS=(MAIL_SMTP_PORT MAIL_SUBMISSION_PORT MAIL_SMTPS_PORT)

STATE="$MAILGRAINS_TEST_STATE"
USERS_FILE="$STATE/users"
CERT="$STATE/tls/cert.pem"
KEY="$STATE/tls/key.pem"
DOVECOT_CONF="$STATE/dovecot/dovecot.conf"
DOVECOT_OAUTH2_CONF="$STATE/dovecot/dovecot-oauth2.conf.ext"
DOVECOT_PID="$STATE/dovecot.pid"
POSTFIX_CONF_DIR="$STATE/postfix/conf"
POSTFIX_PID="$STATE/postfix.pid"
SERVICES_ENV="$STATE/services.env"
HASH="$(short_hash "$STATE")"
# Unix socket paths are limited to 108 bytes: when the state folder is deep,
# Dovecot's runtime folder and Postfix's queue (both hold sockets) move to a
# short folder named after a hash of the state folder's path.
if ((${#STATE} <= 60)); then
    RUN_DIR="$STATE/run"
else
    RUN_DIR="/run/mailgrains-$HASH"
fi
DOVECOT_BASE="$RUN_DIR/dovecot"
POSTFIX_QUEUE="$RUN_DIR/postfix-queue"

install_packages() {
    local p absent=0
    for p in "${MAIL_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || absent=1
    done
    if ((absent)); then
        echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
        apt_install "${MAIL_PACKAGES[@]}"
        stop_system_instances
    fi
    local server
    for server in "${EXTRA_SERVERS[@]}"; do
        "$HERE/$server.sh" install
    done
}

# Debian may start its own system-wide instances on install (where
# invoke-rc.d allows it). They are not ours: stop them right after our install.
stop_system_instances() {
    if [[ -s /run/dovecot/master.pid ]] &&
        kill -0 "$(cat /run/dovecot/master.pid)" 2>/dev/null; then
        log "stopping the system-wide dovecot that the install started"
        /etc/init.d/dovecot stop || kill -TERM "$(cat /run/dovecot/master.pid)" || true
    fi
    if [[ -s /var/spool/postfix/pid/master.pid ]] &&
        kill -0 "$(tr -dc 0-9 </var/spool/postfix/pid/master.pid)" 2>/dev/null; then
        log "stopping the system-wide postfix that the install started"
        /etc/init.d/postfix stop || kill -TERM "$(tr -dc 0-9 </var/spool/postfix/pid/master.pid)" || true
    fi
}

# The mail user (uid 8) and Dovecot's/Postfix's users must reach the state folder.
check_state_reachable() {
    if ! setpriv --reuid="$MAIL_UID" --regid="$MAIL_GID" --clear-groups test -x "$STATE"; then
        die "$STATE is not reachable by uid $MAIL_UID (a parent folder lacks o+x); set MAILGRAINS_TEST_STATE or MAILGRAINS_DATA to a folder others can traverse"
    fi
}

make_cert() {
    [[ -s $CERT && -s $KEY ]] && return 0
    log "creating a self-signed certificate for localhost/127.0.0.1"
    mkdir -p "$STATE/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
        -subj "/CN=localhost" \
        -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
        -keyout "$KEY.tmp" -out "$CERT.tmp" 2>/dev/null
    chmod 600 "$KEY.tmp"
    chmod 644 "$CERT.tmp"
    mv "$KEY.tmp" "$KEY"
    mv "$CERT.tmp" "$CERT"
}

seed_users() {
    [[ -e $USERS_FILE ]] && return 0
    local u
    for u in alice bob carol; do
        printf '%s:{PLAIN}%s::::::\n' "$u" secret
    done >"$USERS_FILE"
    chmod 644 "$USERS_FILE"
}

# ports_in_use VAR... -> prints "VAR=port" for each port that answers.
ports_in_use() {
    local v
    for v in "$@"; do
        if port_open "$LOOPBACK" "${!v}"; then printf '%s=%s ' "$v" "${!v}"; fi
    done
}

wait_ports() {
    local pidfile=$1 v
    shift
    for v in "$@"; do
        wait_for_port "$LOOPBACK" "${!v}" 30 "$pidfile" || return 1
    done
}

# The test OpenID provider's issuer and Dovecot's introspection credentials, from oidc.env (written by
# oidc.sh start, or by oidc.sh prepare here when the provider has not been started in this state folder:
# then token logins fail until it runs, password logins work).
read_oidc_env() {
    [[ -s $STATE/oidc.env ]] || "$HERE/oidc.sh" prepare
    # shellcheck source=/dev/null
    . "$STATE/oidc.env"
}

start_dovecot() {
    if pid_alive "$DOVECOT_PID" dovecot; then
        log "dovecot already running (pid $(read_pid "$DOVECOT_PID"))"
        return 0
    fi
    read_oidc_env
    local busy
    busy="$(ports_in_use "${DOVECOT_PORTS[@]}")"
    [[ -z $busy ]] || die "ports in use by something else, not starting dovecot: $busy"
    write_dovecot_conf
    doveconf -c "$DOVECOT_CONF" -n >/dev/null || die "bad dovecot config $DOVECOT_CONF"
    log "starting dovecot (log $MAILGRAINS_LOGS/dovecot.log)"
    start_bg "$DOVECOT_PID" "$MAILGRAINS_LOGS/dovecot.log" dovecot -F -c "$DOVECOT_CONF"
    if ! wait_ports "$DOVECOT_PID" "${DOVECOT_PORTS[@]}"; then
        tail -n 20 "$MAILGRAINS_LOGS/dovecot.log" >&2 || true
        stop_by_pidfile "$DOVECOT_PID" dovecot
        die "dovecot did not come up"
    fi
}

start_postfix() {
    if pid_alive "$POSTFIX_PID" postfix; then
        log "postfix already running (pid $(read_pid "$POSTFIX_PID"))"
        return 0
    fi
    local busy
    busy="$(ports_in_use "${POSTFIX_PORTS[@]}")"
    [[ -z $busy ]] || die "ports in use by something else, not starting postfix: $busy"
    write_postfix_conf
    # Postfix only reports problems on a terminal: give `check` one.
    if ! script -qec "postfix -c '$POSTFIX_CONF_DIR' check" /dev/null >&2; then
        die "postfix check failed for $POSTFIX_CONF_DIR"
    fi
    log "starting postfix (log $MAILGRAINS_LOGS/postfix.log)"
    start_bg "$POSTFIX_PID" "$MAILGRAINS_LOGS/postfix.log" postfix -c "$POSTFIX_CONF_DIR" start-fg
    if ! wait_ports "$POSTFIX_PID" "${POSTFIX_PORTS[@]}"; then
        tail -n 20 "$MAILGRAINS_LOGS/postfix.log" >&2 || true
        stop_postfix
        die "postfix did not come up"
    fi
}

stop_postfix() {
    if pid_alive "$POSTFIX_PID"; then
        log "stopping postfix (pid $(read_pid "$POSTFIX_PID"))"
        # start-fg runs the master as a child in its own session: stop it the
        # Postfix way, then let stop_by_pidfile collect the start-fg wrapper.
        postfix -c "$POSTFIX_CONF_DIR" stop >/dev/null 2>&1 || true
        local deadline=$((SECONDS + 15))
        while pid_alive "$POSTFIX_PID" && ((SECONDS < deadline)); do sleep 0.2; done
        postfix -c "$POSTFIX_CONF_DIR" abort >/dev/null 2>&1 || true
    fi
    stop_by_pidfile "$POSTFIX_PID" postfix
}

write_services_env() {
    local v
    {
        echo "# Written by deploy/local/mailservers.sh start. Source it."
        printf 'export MAIL_HOST=%q\n' "$LOOPBACK"
        for v in "${DOVECOT_PORTS[@]}" "${POSTFIX_PORTS[@]}"; do
            printf 'export %s=%q\n' "$v" "${!v}"
        done
        printf 'export MAIL_USERS_FILE=%q\n' "$USERS_FILE"
        printf 'export MAIL_DOMAIN=%q\n' "$MAIL_DOMAIN"
        printf 'export MAIL_CA_CERT=%q\n' "$CERT"
        printf 'export MAIL_HOME_ROOT=%q\n' "$STATE/mail"
        printf 'export MAILGRAINS_TEST_STATE=%q\n' "$STATE"
        local server
        for server in "${EXTRA_SERVERS[@]}"; do
            "$HERE/$server.sh" env
        done
    } >"$SERVICES_ENV.tmp"
    mv "$SERVICES_ENV.tmp" "$SERVICES_ENV"
}

cmd_start() {
    install_packages
    mkdir -p "$STATE"
    check_state_reachable
    make_cert
    seed_users
    start_dovecot
    start_postfix
    local server
    for server in "${EXTRA_SERVERS[@]}"; do
        "$HERE/$server.sh" start
    done
    write_services_env
    log "mail servers up; environment in $SERVICES_ENV"
}

cmd_stop() {
    local server v rc=0
    for server in "${ALL_EXTRA_SERVERS[@]}"; do
        "$HERE/$server.sh" stop || rc=1
    done
    stop_postfix
    stop_by_pidfile "$DOVECOT_PID" dovecot
    for v in "${POSTFIX_PORTS[@]}" "${DOVECOT_PORTS[@]}"; do
        wait_for_port_free "$LOOPBACK" "${!v}" 15 || rc=1
    done
    if [[ $RUN_DIR == /run/mailgrains-* && -d $RUN_DIR ]] && ((rc == 0)); then
        rm -rf "$RUN_DIR"
    fi
    return "$rc"
}

# Exit status: 0 all running, 3 none, 1 only some of them.
cmd_status() {
    local up=0 v server
    if pid_alive "$DOVECOT_PID" dovecot; then
        up=$((up + 1))
        echo "dovecot: running (pid $(read_pid "$DOVECOT_PID"))"
    else
        echo "dovecot: stopped"
    fi
    if pid_alive "$POSTFIX_PID" postfix; then
        up=$((up + 1))
        echo "postfix: running (pid $(read_pid "$POSTFIX_PID"))"
    else
        echo "postfix: stopped"
    fi
    for v in "${DOVECOT_PORTS[@]}" "${POSTFIX_PORTS[@]}"; do
        if port_open "$LOOPBACK" "${!v}"; then
            echo "  $v=${!v} answering"
        else
            echo "  $v=${!v} closed"
        fi
    done
    for server in "${EXTRA_SERVERS[@]}"; do
        if "$HERE/$server.sh" status; then up=$((up + 1)); fi
    done
    case $up in
    $((2 + ${#EXTRA_SERVERS[@]}))) return 0 ;;
    0) return 3 ;;
    *) return 1 ;;
    esac
}

case "${1:-}" in
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
install) install_packages ;;
*)
    echo "usage: $0 start|stop|status|install" >&2
    exit 2
    ;;
esac
