#!/usr/bin/env bash
# Adds a test mail user to the running test mail servers (no restart needed).
#
#   deploy/local/mail-user.sh add NAME PASSWORD
#
# Appends `NAME:{PLAIN}PASSWORD::::::` to $MAILGRAINS_TEST_STATE/users, the
# Dovecot passwd-file (see mailservers.sh). NAME is lower case [a-z0-9._-];
# the address is NAME@example.test. Adding an existing user with the same
# password is a no-op; with another password it fails. When the servers run,
# waits until Dovecot knows the user (at most ~1 s).
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
    echo "usage: $0 add NAME PASSWORD" >&2
    exit 2
}

[[ $# -eq 3 && $1 == add ]] || usage
name=$2
password=$3
users_file="$MAILGRAINS_TEST_STATE/users"

[[ $name =~ ^[a-z0-9][a-z0-9._-]*$ ]] || die "bad user name '$name' (lower case letters, digits, . _ -)"
[[ -n $password && $password != *:* && $password != *$'\n'* ]] ||
    die "bad password (must be non-empty, without ':' or newline)"
[[ -e $users_file ]] || die "$users_file does not exist; run deploy/local/mailservers.sh start first"

line="$name:{PLAIN}$password::::::"
# The same lock as the tests' (users.lock): the file itself may be replaced by an atomic rename.
exec 9>"$users_file.lock"
flock 9
existing="$(grep -m1 "^$name:" "$users_file" || true)"
if [[ -n $existing ]]; then
    [[ $existing == "$line" ]] || die "user $name already exists with another password"
    log "user $name already exists"
    exit 0
fi
printf '%s\n' "$line" >>"$users_file"
exec 9>&-

# Dovecot re-reads the file at most once a second: wait until it knows the
# user, so that mail sent right after this returns is accepted.
conf="$MAILGRAINS_TEST_STATE/dovecot/dovecot.conf"
if [[ -s "$MAILGRAINS_TEST_STATE/dovecot.pid" && -r $conf ]]; then
    deadline=$((SECONDS + 5))
    until doveadm -c "$conf" user "$name" >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "dovecot does not see $name after 5 s"
        sleep 0.2
    done
fi
log "added $name@example.test"
