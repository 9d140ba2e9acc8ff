#!/usr/bin/env bash
# Makes Debian's Chromium (/usr/bin/chromium), openssl and curl available for
# the real-browser CORS check (scripts/browser/check-cors.sh). Installs the
# missing ones with apt-get (root, or passwordless sudo); never downloads a
# browser from anywhere else. Quiet and without stdin (CI): apt's output is
# kept in a log and shown only when the installation fails.
set -euo pipefail

log() { echo "ensure-tools: $*" >&2; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v curl >/dev/null 2>&1 || missing+=(curl)
[ "${#missing[@]}" -eq 0 ] && exit 0

sudo=()
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo=(sudo -n)
  else
    log "missing ${missing[*]}: run as root (or with passwordless sudo), or install them first"
    exit 1
  fi
fi

apt_log="$(mktemp)"
trap 'rm -f "$apt_log"' EXIT
log "installing Debian's ${missing[*]} with apt-get (a minute or two the first time)"
if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq \
    && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    </dev/null >"$apt_log" 2>&1; then
  tail -n 40 "$apt_log" >&2
  log "apt-get failed"
  exit 1
fi
[ -x /usr/bin/chromium ] || { log "chromium was installed but /usr/bin/chromium is missing"; exit 1; }
log "$(/usr/bin/chromium --version 2>/dev/null || echo 'chromium installed')"
