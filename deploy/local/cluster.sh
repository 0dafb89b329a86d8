#!/usr/bin/env bash
# N silos of one cluster and one gateway on the local Azurite, in the foreground; Ctrl-C stops them all.
#   deploy/local/cluster.sh 3
# The same env knobs as up.sh. Silo i listens on 127.0.0.1:11110+i (silo-to-silo) and :29999+i (gateway).
set -euo pipefail
[[ ${1:-} =~ ^[1-9]$ ]] || { echo "usage: $0 N   (1 to 9 silos)" >&2; exit 2; }
MAILGRAINS_SILOS="$1" exec "$(dirname "${BASH_SOURCE[0]}")/up.sh"
