# shellcheck shell=bash
# Throw-away services for one run of the tests or the bench. Source it after lib.sh, with the
# AZURITE_*, OIDC_* and MAIL_* variables exported, then:
#   start_run_services      starts Azurite, the test OpenID provider (oidc.sh) and the mail servers
#                           (Dovecot, Postfix, Cyrus, Courier: see mailservers.sh; Dovecot checks OAuth2
#                           tokens at that provider, so it starts first) unless they run already, exports
#                           RUN_STORAGE (a connection string for that Azurite) and the variables of
#                           the mail servers' services.env and the provider's oidc.env, and stops what
#                           it started on exit.
# shellcheck disable=SC2034 # RUN_STORAGE is used by the scripts that source this file

started_azurite=0
started_oidc=0
started_mail=0

# shellcheck disable=SC2317 # invoked by the trap
stop_run_services() {
    local rc=$?
    trap - EXIT INT TERM
    if ((started_mail)); then "$ROOT/deploy/local/mailservers.sh" stop || log "stopping mail servers failed"; fi
    if ((started_oidc)); then "$ROOT/deploy/local/oidc.sh" stop || log "stopping the oidc provider failed"; fi
    if ((started_azurite)); then "$ROOT/deploy/local/azurite.sh" stop || log "stopping azurite failed"; fi
    exit "$rc"
}

start_run_services() {
    trap stop_run_services EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM

    # status: 0 ours running, 3 stopped, 4 (azurite, oidc) someone else's answers.
    local rc=0
    "$ROOT/deploy/local/azurite.sh" status >/dev/null || rc=$?
    if ((rc == 3)); then started_azurite=1; fi
    "$ROOT/deploy/local/azurite.sh" start

    rc=0
    "$ROOT/deploy/local/oidc.sh" status >/dev/null || rc=$?
    if ((rc == 3)); then started_oidc=1; fi
    "$ROOT/deploy/local/oidc.sh" start

    rc=0
    "$ROOT/deploy/local/mailservers.sh" status >/dev/null || rc=$?
    if ((rc == 3)); then started_mail=1; fi
    "$ROOT/deploy/local/mailservers.sh" start

    RUN_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$AZURITE_BLOB_PORT/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$AZURITE_QUEUE_PORT/devstoreaccount1;TableEndpoint=http://127.0.0.1:$AZURITE_TABLE_PORT/devstoreaccount1;"
    # shellcheck source=/dev/null
    . "$MAILGRAINS_TEST_STATE/services.env"
    # shellcheck source=/dev/null
    . "$MAILGRAINS_TEST_STATE/oidc.env"
}
