#!/usr/bin/env bash
# Runs the benchmark (bench/MailGrains.Bench) with the services it needs:
#
#   deploy/local/bench.sh [bench args...]     e.g. --quick, --sections ingest,polling, --out results.md
#   sections: ingest, idle, polling, boot, realtime (IDLE push + signed webhooks to a receiver in the bench)
#
# Starts a throw-away in-memory Azurite, the test OpenID provider (oidc.sh) and the mail servers
# (mailservers.sh; Dovecot in its high-performance login mode) on the bench's own ports, with their state under
# $MAILGRAINS_DATA/bench, so that neither the tests' services nor their mailboxes are touched;
# builds Release, runs the bench, prints its Markdown tables and stops what it started.
# Environment: the port variables of azurite.sh, oidc.sh and mailservers.sh (defaults below).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
MAILGRAINS_DATA="${MAILGRAINS_DATA:-$HERE/../../.data}/bench"
export MAILGRAINS_DATA
# shellcheck source=deploy/local/lib.sh
. "$HERE/lib.sh"

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10200}" AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10201}" AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10202}"
export AZURITE_IN_MEMORY=1
export AZURITE_LOCATION="$MAILGRAINS_DATA/azurite"
export OIDC_PORT="${OIDC_PORT:-10301}"
export MAIL_IMAP_PORT="${MAIL_IMAP_PORT:-10243}" MAIL_IMAPS_PORT="${MAIL_IMAPS_PORT:-10293}"
export MAIL_POP3_PORT="${MAIL_POP3_PORT:-10210}" MAIL_POP3S_PORT="${MAIL_POP3S_PORT:-10295}"
export MAIL_LMTP_PORT="${MAIL_LMTP_PORT:-10224}" MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-10225}"
export MAIL_SUBMISSION_PORT="${MAIL_SUBMISSION_PORT:-10287}" MAIL_SMTPS_PORT="${MAIL_SMTPS_PORT:-10265}"
# The bench measures against Dovecot only: Cyrus and Courier stay off.
export MAIL_EXTRA_SERVERS=""
# A thousand IDLE sessions in one process each would exhaust the mail user's inotify instances
# (see mailservers.sh); 25 sessions a process keep them within 128 up to 3,000 sessions.
export MAIL_IMAP_CLIENTS_PER_PROCESS="${MAIL_IMAP_CLIENTS_PER_PROCESS:-25}"

# shellcheck source=deploy/local/run-services.sh
. "$HERE/run-services.sh"
start_run_services
export MAILGRAINS_BENCH_STORAGE="$RUN_STORAGE"

log "building the bench (Release)"
dotnet build "$ROOT/bench/MailGrains.Bench/MailGrains.Bench.csproj" -c Release -v quiet -nologo
log "running the bench $*"
rc=0
dotnet "$ROOT/bench/MailGrains.Bench/bin/Release/net10.0/MailGrains.Bench.dll" "$@" || rc=$?
log "bench exited with $rc"
exit "$rc"
