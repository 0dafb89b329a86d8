#!/usr/bin/env bash
# Runs the benchmark (bench/MailGrains.Bench) with the services it needs:
#
#   deploy/local/bench.sh [bench args...]     e.g. --quick, --sections ingest,polling, --out results.md
#
# Starts a throw-away in-memory Azurite and the mail servers (mailservers.sh; Dovecot in its
# high-performance login mode) on the bench's own ports, with their state under
# $MAILGRAINS_DATA/bench, so that neither the tests' services nor their mailboxes are touched;
# builds Release, runs the bench, prints its Markdown tables and stops what it started.
# Environment: the port variables of azurite.sh and mailservers.sh (defaults below).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
MAILGRAINS_DATA="${MAILGRAINS_DATA:-$HERE/../../.data}/bench"
export MAILGRAINS_DATA
# shellcheck source=deploy/local/lib.sh
. "$HERE/lib.sh"

export AZURITE_BLOB_PORT="${AZURITE_BLOB_PORT:-10200}" AZURITE_QUEUE_PORT="${AZURITE_QUEUE_PORT:-10201}" AZURITE_TABLE_PORT="${AZURITE_TABLE_PORT:-10202}"
export AZURITE_IN_MEMORY=1
export AZURITE_LOCATION="$MAILGRAINS_DATA/azurite"
export MAIL_IMAP_PORT="${MAIL_IMAP_PORT:-10243}" MAIL_IMAPS_PORT="${MAIL_IMAPS_PORT:-10293}"
export MAIL_POP3_PORT="${MAIL_POP3_PORT:-10210}" MAIL_POP3S_PORT="${MAIL_POP3S_PORT:-10295}"
export MAIL_LMTP_PORT="${MAIL_LMTP_PORT:-10224}" MAIL_SMTP_PORT="${MAIL_SMTP_PORT:-10225}"
export MAIL_SUBMISSION_PORT="${MAIL_SUBMISSION_PORT:-10287}" MAIL_SMTPS_PORT="${MAIL_SMTPS_PORT:-10265}"

started_azurite=0
started_mail=0
# shellcheck disable=SC2317 # invoked by the trap
cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    if ((started_mail)); then "$HERE/mailservers.sh" stop || log "stopping mail servers failed"; fi
    if ((started_azurite)); then "$HERE/azurite.sh" stop || log "stopping azurite failed"; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# status: 0 ours running, 3 stopped, 4 (azurite) someone else's answers.
rc=0
"$HERE/azurite.sh" status >/dev/null || rc=$?
if ((rc == 3)); then started_azurite=1; fi
"$HERE/azurite.sh" start

rc=0
"$HERE/mailservers.sh" status >/dev/null || rc=$?
if ((rc == 3)); then started_mail=1; fi
"$HERE/mailservers.sh" start

export MAILGRAINS_BENCH_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"
# shellcheck source=/dev/null
. "$MAILGRAINS_TEST_STATE/services.env"

log "building the bench (Release)"
dotnet build "$ROOT/bench/MailGrains.Bench/MailGrains.Bench.csproj" -c Release -v quiet -nologo
log "running the bench $*"
rc=0
dotnet "$ROOT/bench/MailGrains.Bench/bin/Release/net10.0/MailGrains.Bench.dll" "$@" || rc=$?
log "bench exited with $rc"
exit "$rc"
