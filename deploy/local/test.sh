#!/usr/bin/env bash
# Runs the test suite with the services it needs:
#
#   deploy/local/test.sh [dotnet test args...]     e.g. --filter Category=Imap
#
# Starts a throw-away Azurite on its own ports (10100-10102, in memory, never
# the dev one of up.sh), the test OpenID provider (oidc.sh, port 10300) and the test mail servers
# (mailservers.sh: Dovecot and Postfix, which take passwords and that provider's OAuth2 tokens, and beside
# them Cyrus IMAP (cyrus.sh) and Courier IMAP (courier.sh), installed on first use, so the mail tests run
# against three IMAP/POP3 servers), installs
# Chromium for the browser tests (browser.sh; screenshots in logs/test-artifacts), exports
# MAILGRAINS_TEST_STORAGE and the variables of services.env and oidc.env, runs
# `dotnet test MailGrains.sln`, then stops what it started (services that
# were already running are left running) and exits with dotnet test's code.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HERE="$ROOT/deploy/local"

export AZURITE_BLOB_PORT=10100 AZURITE_QUEUE_PORT=10101 AZURITE_TABLE_PORT=10102
export AZURITE_IN_MEMORY=1
export AZURITE_LOCATION="$MAILGRAINS_DATA/test-azurite"
export AZURITE_PIDFILE="$MAILGRAINS_DATA/test-azurite.pid"
export AZURITE_LOG="$MAILGRAINS_LOGS/test-azurite.log"

# shellcheck source=deploy/local/run-services.sh
. "$HERE/run-services.sh"
start_run_services
export MAILGRAINS_TEST_STORAGE="$RUN_STORAGE"

# Debian's Chromium for the admin page's browser tests; their screenshots go to the logs.
"$HERE/browser.sh" install
export MAILGRAINS_TEST_ARTIFACTS="$MAILGRAINS_LOGS/test-artifacts"

# The outbound policy (loopback mail servers, plaintext, relay without login) is not exported here: each test
# fixture sets it (tests/MailGrains.Testing/TestNetwork.cs), so tests of the production default get none of it.
log "running dotnet test $*"
results="$MAILGRAINS_LOGS/test-results.log"
rc=0
dotnet test "$ROOT/MailGrains.sln" "$@" 2>&1 | tee "$results" || rc=$?
log "dotnet test exited with $rc"
# One closing line over all test assemblies, from dotnet test's per-assembly summaries.
summary=$(awk '/^(Passed|Failed)! +- Failed: / {
        gsub(/,/, ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) }
     }
     END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$results")
echo "$summary"
# dotnet test's own code is not trusted alone: a run cut short can exit 0 after printing failures.
if ((rc == 0)) && [[ ! $summary =~ ^tests:\ [1-9][0-9]*\ passed,\ 0\ failed ]]; then
    log "the test summary shows failures or no passed test: failing the run"
    rc=1
fi
exit "$rc"
