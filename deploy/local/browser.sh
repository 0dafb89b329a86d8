#!/usr/bin/env bash
# The browser for the admin page's end-to-end tests: Debian's Chromium (run headless by Playwright).
#
#   deploy/local/browser.sh install     installs chromium (and a font) when missing; prints its version
#
# The tests find it at /usr/bin/chromium, or at MAILGRAINS_CHROMIUM. Playwright's own browser download is
# never used.
set -euo pipefail
# shellcheck source=deploy/local/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-}" in
install)
    apt_install chromium fonts-dejavu-core
    "${MAILGRAINS_CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | head -n 1 >&2 || die "chromium does not start"
    ;;
*)
    echo "usage: $0 install" >&2
    exit 2
    ;;
esac
