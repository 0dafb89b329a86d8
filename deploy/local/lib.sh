# shellcheck shell=bash
# Shared helpers for the local dev/test service scripts. Source it, do not run it:
#   . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Sets:
#   ROOT             repository root (derived from this file's location)
#   MAILGRAINS_DATA  runtime data folder (default $ROOT/.data), always absolute
#   MAILGRAINS_LOGS  $MAILGRAINS_DATA/logs
#   MAILGRAINS_TOOLS project-local tools folder ($ROOT/.tools)
#   MAILGRAINS_TEST_STATE  test mail server state (default $MAILGRAINS_DATA/test-mail, or
#                    /var/lib/mailgrains-test/<hash> when the mail user cannot reach the data folder,
#                    e.g. a checkout under /root)

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
MAILGRAINS_DATA="${MAILGRAINS_DATA:-$ROOT/.data}"
mkdir -p "$MAILGRAINS_DATA"
MAILGRAINS_DATA="$(cd "$MAILGRAINS_DATA" && pwd -P)"
MAILGRAINS_LOGS="$MAILGRAINS_DATA/logs"
MAILGRAINS_TOOLS="$ROOT/.tools"
mkdir -p "$MAILGRAINS_LOGS"
# State of the test mail servers (configs, users, Maildirs, certificate).
# Dovecot delivers as Debian's `mail` user (uid 8), which must be able to traverse to the mailboxes.
if [[ -z ${MAILGRAINS_TEST_STATE:-} ]]; then
    if setpriv --reuid=8 --regid=8 --clear-groups test -x "$MAILGRAINS_DATA" 2>/dev/null; then
        MAILGRAINS_TEST_STATE="$MAILGRAINS_DATA/test-mail"
    else
        MAILGRAINS_TEST_STATE="/var/lib/mailgrains-test/$(printf '%s' "$MAILGRAINS_DATA" | sha256sum | cut -c1-8)"
    fi
fi
[[ $MAILGRAINS_TEST_STATE == /* ]] || MAILGRAINS_TEST_STATE="$PWD/$MAILGRAINS_TEST_STATE"
export ROOT MAILGRAINS_DATA MAILGRAINS_LOGS MAILGRAINS_TOOLS MAILGRAINS_TEST_STATE

# The only address these scripts ever bind to or connect to.
# shellcheck disable=SC2034 # used by the scripts that source this file
LOOPBACK=127.0.0.1

# Never fails: a script that is stopping after its output went away (`up.sh | tee`, Ctrl-C) must go on.
log() {
    printf '[%s] %s: %s\n' "$(date +%H:%M:%S)" "${LOG_TAG:-$(basename "$0" .sh)}" "$*" >&2 2>/dev/null || true
}

die() {
    log "ERROR: $*"
    exit 1
}

# port_open HOST PORT -> 0 when something accepts a TCP connection there.
port_open() {
    local host=$1 port=$2
    # shellcheck disable=SC2016 # $1/$2 expand in the inner bash
    timeout 2 bash -c 'exec 3<>"/dev/tcp/$1/$2"' _ "$host" "$port" 2>/dev/null
}

# wait_for_port HOST PORT TIMEOUT_SECONDS [PIDFILE]
# Waits until the port accepts connections. With PIDFILE, gives up early when
# that process has died.
wait_for_port() {
    local host=$1 port=$2 timeout_s=$3 pidfile=${4:-}
    local deadline=$((SECONDS + timeout_s))
    until port_open "$host" "$port"; do
        if [[ -n $pidfile ]] && ! pid_alive "$pidfile"; then
            log "process of $pidfile died while waiting for $host:$port"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            log "timed out after ${timeout_s}s waiting for $host:$port"
            return 1
        fi
        sleep 0.2
    done
}

# wait_for_port_free HOST PORT TIMEOUT_SECONDS
wait_for_port_free() {
    local host=$1 port=$2 timeout_s=$3
    local deadline=$((SECONDS + timeout_s))
    while port_open "$host" "$port"; do
        if ((SECONDS >= deadline)); then
            log "port $host:$port still in use after ${timeout_s}s"
            return 1
        fi
        sleep 0.2
    done
}

# read_pid PIDFILE -> prints the pid stored there (nothing when absent/garbage).
read_pid() {
    local pid=""
    if [[ -r $1 ]]; then read -r pid <"$1" || true; fi
    [[ $pid =~ ^[0-9]+$ ]] && printf '%s\n' "$pid"
    return 0
}

# pid_alive PIDFILE [COMM] -> 0 when the pid file names a live process
# (whose command name contains COMM, when given: guards against pid reuse).
pid_alive() {
    local pidfile=$1 comm=${2:-} pid
    pid="$(read_pid "$pidfile")"
    [[ -n $pid ]] || return 1
    kill -0 "$pid" 2>/dev/null || return 1
    if [[ -n $comm ]]; then
        [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == *"$comm"* ]] || return 1
    fi
}

# start_bg PIDFILE LOGFILE CMD [ARGS...]
# Starts CMD in the background in its own session (so a Ctrl-C of the caller
# does not hit it), output appended to LOGFILE, and writes its pid to PIDFILE.
start_bg() {
    local pidfile=$1 logfile=$2
    shift 2
    mkdir -p "$(dirname "$pidfile")" "$(dirname "$logfile")"
    setsid "$@" >>"$logfile" 2>&1 </dev/null &
    printf '%s\n' "$!" >"$pidfile"
}

# stop_by_pidfile PIDFILE NAME [TIMEOUT_SECONDS]
# Sends TERM to the process in PIDFILE, waits, then KILLs its process group.
# Does nothing when the pid file is absent or stale. Removes the pid file.
stop_by_pidfile() {
    local pidfile=$1 name=$2 timeout_s=${3:-20} pid
    pid="$(read_pid "$pidfile")"
    if [[ -z $pid ]] || ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        return 0
    fi
    log "stopping $name (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + timeout_s))
    while kill -0 "$pid" 2>/dev/null; do
        if ((SECONDS >= deadline)); then
            log "$name did not stop within ${timeout_s}s; killing it"
            # start_bg made it a session/group leader: take its children too.
            kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
            break
        fi
        sleep 0.2
    done
    # Leftovers of the group (workers that outlived their master)?
    if kill -0 -- "-$pid" 2>/dev/null; then
        sleep 1
        kill -KILL -- "-$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
}

# short_hash STRING -> 8 hex chars
short_hash() {
    printf '%s' "$1" | sha256sum | cut -c1-8
}

# Installs the Debian packages that are missing (apt-get update and a retry when the first try fails).
# A dry run comes first: an install that would remove any package (the IMAP/POP3 servers of Cyrus and
# Courier would take Dovecot's away) is refused.
apt_install() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    ((${#missing[@]} > 0)) || return 0
    export DEBIAN_FRONTEND=noninteractive
    local plan
    if ! plan="$(apt-get install -s --no-install-recommends "${missing[@]}" 2>&1)"; then
        log "dry run of installing ${missing[*]} failed; running apt-get update"
        apt-get update
        plan="$(apt-get install -s --no-install-recommends "${missing[@]}" 2>&1)" || die "cannot install ${missing[*]}: $plan"
    fi
    if grep -q '^Remv ' <<<"$plan"; then
        die "installing ${missing[*]} would remove: $(grep '^Remv ' <<<"$plan" | cut -d' ' -f2 | tr '\n' ' ')"
    fi
    log "installing ${missing[*]}"
    if ! apt-get install -y --no-install-recommends "${missing[@]}"; then
        log "install failed; running apt-get update and retrying"
        apt-get update
        apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

# unpack_debs DIR PKG=VERSION...
# Unpacks Debian packages into DIR (once) without installing them: for servers whose packages conflict
# with the installed ones (cyrus-imapd and courier-imap both provide imap-server, as dovecot-imapd does).
# DIR must be readable by the servers' users.
unpack_debs() {
    local dir=$1 tmp f
    shift
    [[ -e $dir/.unpacked ]] && return 0
    log "unpacking $* into $dir"
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$@" >/dev/null); then
        log "download failed; running apt-get update and retrying"
        apt-get update
        (cd "$tmp" && apt-get download -q -o APT::Sandbox::User=root "$@" >/dev/null) || { rm -rf "$tmp"; die "cannot download $*"; }
    fi
    rm -rf "$dir.tmp"
    mkdir -p "$dir.tmp"
    for f in "$tmp"/*.deb; do dpkg-deb -x "$f" "$dir.tmp"; done
    rm -rf "$tmp" "$dir"
    touch "$dir.tmp/.unpacked"
    chmod 755 "$dir.tmp"
    mv "$dir.tmp" "$dir"
}

# Where unpack_debs puts server packages: beside the project's tools when the servers' users can reach
# them, else in a system folder.
debs_dir() {
    if setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$ROOT" 2>/dev/null; then
        printf '%s/debian\n' "$MAILGRAINS_TOOLS"
    else
        printf '/var/lib/mailgrains-test/debian\n'
    fi
}

# deb_version PKG -> the installed version of a Debian package (empty when absent)
deb_version() {
    dpkg-query -W -f='${Version}' "$1" 2>/dev/null || true
}

# deb_installed PKG -> 0 when the Debian package is installed
deb_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# stop_system_service NAME PIDFILE
# Debian may start a package's own system-wide service on install (where invoke-rc.d allows it); it is not
# ours: stop it (after an install by these scripts only).
stop_system_service() {
    local name=$1 pidfile=$2 pid
    [[ -s $pidfile ]] || return 0
    pid="$(tr -dc 0-9 <"$pidfile")"
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    log "stopping the system-wide $name that the install started"
    "/etc/init.d/$name" stop || kill -TERM "$pid" || true
}
