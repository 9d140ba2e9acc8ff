# Shared settings for ensure-postgres.sh and stop-postgres.sh (sourced, not run).
# A throwaway PostgreSQL server for tests: data under <repo>/.tmp/pg, loopback only.

PG_ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PG_FIRST_PORT="${PG_PORT:-54329}"
PG_DATABASE="gateway_test"
PG_SUPERUSER="postgres"
# PostgreSQL refuses to run as root: as root, the server belongs to the `postgres` user.
if [ "$(id -u)" = "0" ]; then PG_OS_USER="postgres"; else PG_OS_USER="$(id -un)"; fi

log() { echo "[postgres] $*" >&2; }
die() { log "error: $*"; exit 1; }

# The newest server binaries of Debian's postgresql-NN package, if installed.
find_pg_bin() {
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

# Runs a server tool as the user owning the cluster.
as_pg_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u "$PG_OS_USER" -- "$@"; else "$@"; fi
}

# Sets PG_STATE_DIR and the paths inside it. The repository's .tmp/pg unless the
# cluster owner cannot reach the repository (e.g. a checkout under /root), then /tmp.
resolve_pg_paths() {
  if [ -n "${PG_STATE_DIR:-}" ]; then
    :
  elif [ "$(id -u)" != "0" ] || ! id -u "$PG_OS_USER" >/dev/null 2>&1 || as_pg_owner test -x "$PG_ROOT_DIR"; then
    PG_STATE_DIR="$PG_ROOT_DIR/.tmp/pg"
  else
    PG_STATE_DIR="${TMPDIR:-/tmp}/o2c-gateway-pg"
  fi
  PG_DATA_DIR="$PG_STATE_DIR/data"
  PG_SOCKET_DIR="$PG_STATE_DIR/run"
  PG_LOG_FILE="$PG_STATE_DIR/server.log"
  PG_PORT_FILE="$PG_STATE_DIR/port"
  PG_PASSWORD_FILE="$PG_STATE_DIR/password"
}
