#!/usr/bin/env bash
# A headless Chromium for the web timetable's browser test (tests/api/web/test_browser.py).
#
#   bash .ci/browser.sh          # before `make test` (the test is skipped without it)
#
# Installs Debian's chromium package when /usr/bin/chromium is missing, and a small CJK
# font (fonts-wqy-microhei) so the page, Chinese by default, has real glyphs in the
# screenshot. CI runs as root and reads no input. The Python `playwright` package
# (pinned in the dev extras) drives this browser through
# `executable_path="/usr/bin/chromium"`: Playwright's own browser download
# (`playwright install`) is never used, and there is no npm package to install.
# Idempotent: what is already installed is reused.
set -euo pipefail

log() { echo "browser.sh: $*" >&2; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)

if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
        log "missing ${missing[*]}; installing needs root (apt-get install ${missing[*]})"
        exit 1
    fi
    log "installing ${missing[*]} (apt-get)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq </dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" </dev/null >&2
fi

[ -x /usr/bin/chromium ] || { log "no /usr/bin/chromium after the install"; exit 1; }
log "using $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
