#!/usr/bin/env bash
# A throw-away CA for the local cluster and two certificates it issued, for mutual TLS between the silos and
# the gateway: one for the silos, one for the gateway (both with the server and client authentication usages).
# Made once, under $MAILGRAINS_DATA/cluster-tls/, and kept; delete the folder to make new ones. Local use only:
# the CA's key lies next to the certificates.
#
#   deploy/local/cluster-certs.sh            make them if missing, print where they are
#   deploy/local/cluster-certs.sh silo       ... and print the settings of a silo, as `export` lines
#   deploy/local/cluster-certs.sh gateway    ... the same for the gateway
#   eval "$(deploy/local/cluster-certs.sh silo)"
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
LOG_TAG=cluster-certs

ROLE="${1:-}"
[[ -z $ROLE || $ROLE == silo || $ROLE == gateway ]] || die "usage: $0 [silo|gateway]"
command -v openssl >/dev/null || die "openssl is needed to make the local cluster certificates"
DIR="$MAILGRAINS_DATA/cluster-tls"
DAYS=825

make_ca() {
    [[ -s $DIR/ca.crt && -s $DIR/ca.key ]] && return 0
    log "making a throw-away cluster CA in $DIR"
    (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc -days "$DAYS" -sha256 \
        -subj "/CN=MailGrains local cluster CA" \
        -addext "basicConstraints=critical,CA:TRUE" \
        -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$DIR/ca.key.tmp" -out "$DIR/ca.crt.tmp" 2>/dev/null)
    mv "$DIR/ca.key.tmp" "$DIR/ca.key"
    mv "$DIR/ca.crt.tmp" "$DIR/ca.crt"
    # A new CA invalidates what the old one issued.
    rm -f "$DIR/silo.crt" "$DIR/gateway.crt"
}

# issue NAME: NAME.crt and NAME.key, issued by the CA, for server and client authentication.
issue() {
    local name=$1
    [[ -s $DIR/$name.crt && -s $DIR/$name.key ]] && return 0
    log "issuing the $name certificate"
    (umask 077 && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -noenc \
        -subj "/CN=mailgrains-$name" -keyout "$DIR/$name.key.tmp" -out "$DIR/$name.csr" 2>/dev/null)
    printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
        "extendedKeyUsage=serverAuth,clientAuth" "subjectAltName=IP:127.0.0.1" >"$DIR/$name.ext"
    openssl x509 -req -in "$DIR/$name.csr" -CA "$DIR/ca.crt" -CAkey "$DIR/ca.key" \
        -set_serial "0x$(openssl rand -hex 15)" -days "$DAYS" -sha256 -extfile "$DIR/$name.ext" \
        -out "$DIR/$name.crt.tmp" 2>/dev/null
    rm -f "$DIR/$name.csr" "$DIR/$name.ext"
    mv "$DIR/$name.key.tmp" "$DIR/$name.key"
    mv "$DIR/$name.crt.tmp" "$DIR/$name.crt"
}

mkdir -p "$DIR"
chmod 700 "$DIR"
make_ca
issue silo
issue gateway

if [[ -z $ROLE ]]; then
    log "cluster CA and certificates in $DIR (ca.crt, silo.crt/.key, gateway.crt/.key)"
    exit 0
fi

printf 'export MailGrains__Cluster__Tls__CertificateFile=%q\n' "$DIR/$ROLE.crt"
printf 'export MailGrains__Cluster__Tls__KeyFile=%q\n' "$DIR/$ROLE.key"
printf 'export MailGrains__Cluster__Tls__CaFiles__0=%q\n' "$DIR/ca.crt"
