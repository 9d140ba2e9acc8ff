#!/usr/bin/env bash
# The real-browser CORS check (run by .ci/run after `npm test`).
#
# Builds the gateway and starts it in sandbox mode as a real process, with a
# read-only key and GATEWAY_CORS_ORIGINS='https://*.lightning.force.com'; serves
# two HTTPS pages on loopback (scripts/browser/page-server.js, self-signed
# certificate) and opens each in Debian's headless Chromium, which maps the
# page hosts to 127.0.0.1 (--host-resolver-rules):
#   allowed  https://acme.lightning.force.com  fetch() POST /graphql gets the opportunity
#   refused  https://evil.example.com          fetch() fails (no CORS headers), although
#                                              the gateway is reachable from that page
# and checks each origin's preflight with curl. Installs Chromium and openssl
# with apt-get when missing (scripts/browser/ensure-tools.sh). Every wait is
# bounded; every process it starts is stopped on exit.
#
#   bash scripts/browser/check-cors.sh            (root, as in CI: pages on port 443)
#   CORS_CHECK_KEEP=1 bash scripts/browser/check-cors.sh   keeps the work directory
#
# Advanced: CORS_CHECK_SKIP_BUILD=1 skips `npm run build`; CORS_CHECK_GATEWAY_MAIN
# runs another entry point than dist/src/main.js (same environment).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
ROOT="$PWD"
# Everything here is loopback; a proxy from the environment must not get in the way.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY
export NO_PROXY='127.0.0.1,localhost' no_proxy='127.0.0.1,localhost'

CHROMIUM=/usr/bin/chromium
ALLOWED_HOST=acme.lightning.force.com
REFUSED_HOST=evil.example.com
CORS_ORIGINS_PATTERN='https://*.lightning.force.com'
OPPORTUNITY_ID=006Dn0000000001IAA

log() { echo "browser CORS check: $*" >&2; }
die() { log "$*"; exit 1; }

WORK="$(mktemp -d "${TMPDIR:-/tmp}/cors-check.XXXXXX")"
PIDS=()

# Each child runs in its own session (setsid), so its whole process group -
# Chromium's helper processes included - can be stopped by the child's id.
start_bg() {
  local out="$1"; shift
  setsid "$@" >"$out" 2>&1 </dev/null &
  PIDS+=("$!")
  LAST_PID="$!"
}

stop_group() {
  local pid="$1" i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$? pid
  trap - EXIT INT TERM
  for pid in "${PIDS[@]}"; do stop_group "$pid"; done
  wait 2>/dev/null || true
  if [ "${CORS_CHECK_KEEP:-}" = "1" ]; then log "work directory kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

show_log() { # file, title
  [ -s "$1" ] || return 0
  echo "---- $2 (last lines of $1) ----" >&2
  tail -n 30 "$1" >&2
  echo "----" >&2
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close();});"
}

# wait_until <seconds> <description> <command...>: polls every 0.2 s.
wait_until() {
  local seconds="$1" what="$2" deadline; shift 2
  deadline=$(( $(date +%s) + seconds ))
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || { log "timed out after ${seconds}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

alive() { kill -0 "$1" 2>/dev/null; }

# ---------------------------------------------------------------- tools
bash scripts/browser/ensure-tools.sh
[ -x "$CHROMIUM" ] || die "$CHROMIUM is missing"

# ---------------------------------------------------------------- certificate
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -sha256 \
  -keyout "$WORK/page-key.pem" -out "$WORK/page-cert.pem" \
  -subj "/CN=$ALLOWED_HOST" \
  -addext "subjectAltName=DNS:$ALLOWED_HOST,DNS:$REFUSED_HOST" >"$WORK/openssl.log" 2>&1 \
  || { show_log "$WORK/openssl.log" openssl; die "could not create the self-signed certificate"; }
# Pinning the certificate's key as well makes Chromium treat the pages as
# properly secure (window.isSecureContext), as a real Lightning page is.
SPKI="$(openssl x509 -in "$WORK/page-cert.pem" -pubkey -noout | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary | base64)"

# ---------------------------------------------------------------- gateway build
GATEWAY_PORT="$(free_port)"
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT"
KEY="cors-$(openssl rand -hex 14)" # 32 characters, read scope only
mkdir -p "$WORK/reports"

if [ "${CORS_CHECK_SKIP_BUILD:-}" != "1" ]; then
  log "building the gateway (npm run build)"
  timeout 240 npm run build --silent >"$WORK/build.log" 2>&1 \
    || { show_log "$WORK/build.log" "npm run build"; die "npm run build failed"; }
fi
GATEWAY_MAIN="${CORS_CHECK_GATEWAY_MAIN:-dist/src/main.js}"
[ -f "$GATEWAY_MAIN" ] || die "$GATEWAY_MAIN is missing (did the build run?)"

# ---------------------------------------------------------------- page server
# A real Lightning origin has no port (https, 443). As root the pages are served
# on 443 and the gateway gets exactly the documented pattern; otherwise (no
# privileged port) on a free port, and the pattern carries that port.
if [ -n "${PAGE_PORT:-}" ]; then
  page_port_wanted="$PAGE_PORT"
elif [ "$(id -u)" = "0" ]; then
  page_port_wanted=443
else
  page_port_wanted=0
fi
start_page_server() {
  start_bg "$WORK/page-server.log" env PAGE_PORT="$1" TLS_CERT_FILE="$WORK/page-cert.pem" TLS_KEY_FILE="$WORK/page-key.pem" \
    GATEWAY_URL="$GATEWAY_URL" GATEWAY_KEY="$KEY" REPORT_DIR="$WORK/reports" OPPORTUNITY_ID="$OPPORTUNITY_ID" \
    node scripts/browser/page-server.js
  PAGE_PID="$LAST_PID"
  local deadline=$(( $(date +%s) + 15 ))
  while ! grep -q '^listening ' "$WORK/page-server.log" 2>/dev/null; do
    alive "$PAGE_PID" || return 1
    [ "$(date +%s)" -lt "$deadline" ] || { log "timed out waiting for the page server"; return 1; }
    sleep 0.1
  done
  PAGE_PORT_BOUND="$(sed -n 's/^listening \([0-9]*\)$/\1/p' "$WORK/page-server.log" | head -n 1)"
}
if ! start_page_server "$page_port_wanted"; then
  if [ "$page_port_wanted" = "443" ]; then
    log "port 443 is not available ($(tail -n 1 "$WORK/page-server.log")); serving the pages on a free port"
    start_page_server 0 || { show_log "$WORK/page-server.log" "page server"; die "the page server did not start"; }
  else
    show_log "$WORK/page-server.log" "page server"; die "the page server did not start"
  fi
fi
if [ "$PAGE_PORT_BOUND" = "443" ]; then
  port_suffix=""
  cors_origins="$CORS_ORIGINS_PATTERN"
else
  port_suffix=":$PAGE_PORT_BOUND"
  cors_origins="$CORS_ORIGINS_PATTERN$port_suffix"
fi
ALLOWED_ORIGIN="https://$ALLOWED_HOST$port_suffix"
REFUSED_ORIGIN="https://$REFUSED_HOST$port_suffix"

# ---------------------------------------------------------------- gateway
log "starting the gateway in sandbox mode on $GATEWAY_URL (GATEWAY_CORS_ORIGINS=$cors_origins)"
start_bg "$WORK/gateway.log" env PORT="$GATEWAY_PORT" HOST=127.0.0.1 \
  SANDBOX_SALESFORCE_PORT=0 SANDBOX_STIGG_PORT=0 SANDBOX_PUBSUB_PORT=0 JOURNAL_PATH="$WORK/j.db" \
  GATEWAY_API_KEYS="$KEY:read" GATEWAY_CORS_ORIGINS="$cors_origins" LOG_LEVEL=warn \
  node "$GATEWAY_MAIN"
GATEWAY_PID="$LAST_PID"
gateway_healthy() { alive "$GATEWAY_PID" && curl -fsS --max-time 2 "$GATEWAY_URL/healthz" >/dev/null; }
deadline=$(( $(date +%s) + 60 ))
until gateway_healthy 2>/dev/null; do
  if ! alive "$GATEWAY_PID"; then show_log "$WORK/gateway.log" gateway; die "the gateway exited before answering /healthz"; fi
  if [ "$(date +%s)" -ge "$deadline" ]; then show_log "$WORK/gateway.log" gateway; die "timed out after 60s waiting for $GATEWAY_URL/healthz"; fi
  sleep 0.2
done

# ---------------------------------------------------------------- the checks
passed=0
failed=0
pass() { passed=$((passed + 1)); echo "  ok   $*"; }
fail() { failed=$((failed + 1)); echo "  FAIL $*"; }

# preflight <origin> <headers file>: the OPTIONS request a browser sends before the POST.
preflight() {
  curl -sS --max-time 10 -o /dev/null -D "$2" -X OPTIONS "$GATEWAY_URL/graphql" \
    -H "Origin: $1" -H 'Access-Control-Request-Method: POST' \
    -H 'Access-Control-Request-Headers: authorization,content-type'
}
header_value() { # file, lower-case header name
  tr -d '\r' <"$1" | awk -v name="$2" 'BEGIN { IGNORECASE = 1 } tolower($0) ~ "^" name ":" { sub(/^[^:]*:[ \t]*/, ""); print; exit }'
}

# open_page <host> <label>: loads https://<host>/ in a fresh headless Chromium;
# the page's outcome lands in $WORK/reports/<host>.json.
open_page() {
  local host="$1" label="$2" profile="$WORK/profile-$2"
  mkdir -p "$profile"
  start_bg "$WORK/chromium-$label.log" timeout --kill-after=5 60 "$CHROMIUM" \
    --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --disable-dev-shm-usage --no-proxy-server --no-default-browser-check \
    --user-data-dir="$profile" \
    --host-resolver-rules="MAP $ALLOWED_HOST 127.0.0.1, MAP $REFUSED_HOST 127.0.0.1" \
    --ignore-certificate-errors --ignore-certificate-errors-spki-list="$SPKI" \
    --virtual-time-budget=15000 --dump-dom "https://$host$port_suffix/"
  local pid="$LAST_PID" deadline=$(( $(date +%s) + 60 ))
  while alive "$pid" && [ ! -f "$WORK/reports/$host.json" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || break
    sleep 0.2
  done
  # The page's load event waits for its report (page-server /settled), so
  # Chromium dumps the DOM and exits by itself; give it a moment, then stop it.
  deadline=$(( $(date +%s) + 10 ))
  while alive "$pid" && [ "$(date +%s)" -lt "$deadline" ]; do sleep 0.2; done
  stop_group "$pid"
  wait "$pid" 2>/dev/null || true
  if [ ! -f "$WORK/reports/$host.json" ]; then
    show_log "$WORK/chromium-$label.log" "chromium ($label)"
    return 1
  fi
}

# report_field <host> <js expression over r>: prints a value from the page's report.
report_field() {
  node -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = (new Function("r", "return (" + process.argv[2] + ")"))(r); process.stdout.write(v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v));' \
    "$WORK/reports/$1.json" "$2"
}

# The seeded opportunity's name, as the sandbox serves it.
expected_name="$(node -e '
  const seed = require(process.argv[1]);
  const opp = (seed.records?.Opportunity ?? []).find((o) => o.Id === process.argv[2]);
  process.stdout.write(opp?.Name ?? "");' "$ROOT/src/sandbox/seed/salesforce.json" "$OPPORTUNITY_ID" 2>/dev/null || true)"

echo "browser CORS check: $("$CHROMIUM" --version 2>/dev/null | head -n 1), gateway $GATEWAY_URL"

# 1. The allowed (Lightning-like) origin gets the data.
problems=()
preflight "$ALLOWED_ORIGIN" "$WORK/preflight-allowed.txt" || problems+=("the preflight request failed")
acao="$(header_value "$WORK/preflight-allowed.txt" access-control-allow-origin 2>/dev/null || true)"
[ "$acao" = "$ALLOWED_ORIGIN" ] || problems+=("preflight: access-control-allow-origin is '${acao}', expected '$ALLOWED_ORIGIN'")
if open_page "$ALLOWED_HOST" allowed; then
  outcome="$(report_field "$ALLOWED_HOST" 'r.fetch')"
  status="$(report_field "$ALLOWED_HOST" 'r.status')"
  name="$(report_field "$ALLOWED_HOST" 'r.body && r.body.data && r.body.data.opportunity && r.body.data.opportunity.name')"
  id="$(report_field "$ALLOWED_HOST" 'r.body && r.body.data && r.body.data.opportunity && r.body.data.opportunity.id')"
  origin="$(report_field "$ALLOWED_HOST" 'r.origin')"
  [ "$origin" = "$ALLOWED_ORIGIN" ] || problems+=("the page ran as '$origin', expected '$ALLOWED_ORIGIN'")
  [ "$outcome" = "response" ] || problems+=("fetch failed: $(report_field "$ALLOWED_HOST" 'r.error')")
  [ "$status" = "200" ] || problems+=("HTTP status $status")
  [ "$id" = "$OPPORTUNITY_ID" ] || problems+=("opportunity id '$id'")
  if [ -n "$expected_name" ]; then
    [ "$name" = "$expected_name" ] || problems+=("opportunity name '$name', expected '$expected_name'")
  else
    [ -n "$name" ] || problems+=("no opportunity name in the response")
  fi
  [ "${#problems[@]}" -gt 0 ] && problems+=("report: $(tr -d '\n' <"$WORK/reports/$ALLOWED_HOST.json" | head -c 1500)")
else
  problems+=("Chromium produced no report for $ALLOWED_ORIGIN")
fi
if [ "${#problems[@]}" -eq 0 ]; then
  pass "allowed origin $ALLOWED_ORIGIN: fetch() got opportunity \"$name\" (preflight allowed)"
else
  fail "allowed origin $ALLOWED_ORIGIN:"; printf '         %s\n' "${problems[@]}"
fi

# 2. Another origin is refused: no CORS headers, so the browser's fetch fails.
problems=()
preflight "$REFUSED_ORIGIN" "$WORK/preflight-refused.txt" || problems+=("the preflight request failed")
if grep -qi '^access-control-' "$WORK/preflight-refused.txt"; then
  problems+=("preflight answered with CORS headers: $(grep -i '^access-control-' "$WORK/preflight-refused.txt" | tr -d '\r' | tr '\n' ' ')")
fi
if open_page "$REFUSED_HOST" refused; then
  outcome="$(report_field "$REFUSED_HOST" 'r.fetch')"
  error="$(report_field "$REFUSED_HOST" 'r.error')"
  reachable="$(report_field "$REFUSED_HOST" 'r.reachable')"
  origin="$(report_field "$REFUSED_HOST" 'r.origin')"
  [ "$origin" = "$REFUSED_ORIGIN" ] || problems+=("the page ran as '$origin', expected '$REFUSED_ORIGIN'")
  [ "$outcome" = "error" ] || problems+=("fetch was not refused: HTTP $(report_field "$REFUSED_HOST" 'r.status') $(report_field "$REFUSED_HOST" 'r.body' | head -c 300)")
  [ "$outcome" != "error" ] || [[ "$error" == *"Failed to fetch"* ]] || problems+=("fetch failed with '$error', expected TypeError: Failed to fetch")
  # The refusal must be CORS's, not a network failure: the same page reaches the gateway with no-cors.
  [ "$reachable" = "opaque" ] || problems+=("the gateway was not reachable from the page at all (no-cors probe: $reachable), so the refusal proves nothing")
  [ "${#problems[@]}" -gt 0 ] && problems+=("report: $(tr -d '\n' <"$WORK/reports/$REFUSED_HOST.json" | head -c 1500)")
else
  problems+=("Chromium produced no report for $REFUSED_ORIGIN")
fi
if [ "${#problems[@]}" -eq 0 ]; then
  pass "refused origin $REFUSED_ORIGIN: fetch() failed with \"$error\" (gateway reachable, preflight without CORS headers)"
else
  fail "refused origin $REFUSED_ORIGIN:"; printf '         %s\n' "${problems[@]}"
fi

if [ "$failed" -gt 0 ]; then
  show_log "$WORK/gateway.log" gateway
  show_log "$WORK/page-server.log" "page server"
fi
mkdir -p "$ROOT/.tmp" 2>/dev/null && echo "$passed passed, $failed failed" > "$ROOT/.tmp/browser-summary" || true
echo "browser: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
