#!/usr/bin/env bash
# Makes a throwaway PostgreSQL server available for tests and prints its URL
# (postgres://...) on stdout; everything else goes to stderr.
#   TEST_DATABASE_URL="$(bash scripts/postgres/ensure-postgres.sh)" npx jest test/journal
# Installs Debian's `postgresql` package when the server binaries are missing
# (root, or passwordless sudo), creates a cluster in .tmp/pg owned by a non-root
# user, starts it on 127.0.0.1 (port 54329, or the next free one; PG_PORT to
# change), with password auth over TCP, and creates the database gateway_test.
# Idempotent: when the server is already running it only prints the URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres-env.sh"

install_server() {
  log "PostgreSQL server binaries not found; installing Debian's postgresql package"
  local sudo=()
  if [ "$(id -u)" != "0" ]; then
    command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null || die "run as root or install the postgresql package"
    sudo=(sudo -n)
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq </dev/null >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql </dev/null >&2
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

print_url() {
  local port password
  port="$(cat "$PG_PORT_FILE")"
  password="$(cat "$PG_PASSWORD_FILE")"
  echo "postgres://$PG_SUPERUSER:$password@127.0.0.1:$port/$PG_DATABASE"
}

PG_BIN="$(find_pg_bin)"
if [ -z "$PG_BIN" ]; then
  install_server
  PG_BIN="$(find_pg_bin)"
  [ -n "$PG_BIN" ] || die "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
fi
if [ "$(id -u)" = "0" ] && ! id -u "$PG_OS_USER" >/dev/null 2>&1; then
  log "creating system user $PG_OS_USER"
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash "$PG_OS_USER"
fi

resolve_pg_paths
mkdir -p "$PG_STATE_DIR"
[ "$(id -u)" = "0" ] && chown "$PG_OS_USER" "$PG_STATE_DIR"
chmod 700 "$PG_STATE_DIR"

# One ensure at a time (parallel CI steps).
exec 9>"$PG_STATE_DIR/.lock"
flock 9

if [ ! -f "$PG_DATA_DIR/PG_VERSION" ]; then
  log "creating a cluster in $PG_DATA_DIR ($("$PG_BIN/postgres" --version))"
  rm -rf "$PG_DATA_DIR"
  od -An -tx1 -N16 /dev/urandom | tr -d ' \n' >"$PG_PASSWORD_FILE"
  chmod 600 "$PG_PASSWORD_FILE"
  pwfile="$PG_STATE_DIR/.initdb-password"
  cp "$PG_PASSWORD_FILE" "$pwfile"
  [ "$(id -u)" = "0" ] && chown "$PG_OS_USER" "$pwfile"
  as_pg_owner "$PG_BIN/initdb" -D "$PG_DATA_DIR" -U "$PG_SUPERUSER" -E UTF8 --no-locale \
    --auth-local=trust --auth-host=scram-sha-256 --pwfile="$pwfile" >>"$PG_LOG_FILE" 2>&1 \
    || { rm -f "$pwfile"; tail -n 20 "$PG_LOG_FILE" >&2; die "initdb failed"; }
  rm -f "$pwfile"
fi

if as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" status >/dev/null 2>&1 && [ -f "$PG_PORT_FILE" ]; then
  log "already running on port $(cat "$PG_PORT_FILE")"
  print_url
  exit 0
fi

port="$PG_FIRST_PORT"
while port_in_use "$port"; do
  port=$((port + 1))
  [ "$port" -lt $((PG_FIRST_PORT + 50)) ] || die "no free port from $PG_FIRST_PORT"
done
mkdir -p "$PG_SOCKET_DIR"
[ "$(id -u)" = "0" ] && chown "$PG_OS_USER" "$PG_SOCKET_DIR" "$PG_LOG_FILE"
log "starting on 127.0.0.1:$port (log: $PG_LOG_FILE)"
# 9>&-: the server must not inherit (and hold) the lock.
as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -l "$PG_LOG_FILE" -w -t 60 -s start 9>&- -o \
  "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$PG_SOCKET_DIR -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
  || { tail -n 20 "$PG_LOG_FILE" >&2; die "the server did not start"; }
echo "$port" >"$PG_PORT_FILE"

psql_bin="$PG_BIN/psql"; [ -x "$psql_bin" ] || psql_bin="psql"
exists="$(as_pg_owner "$psql_bin" -h "$PG_SOCKET_DIR" -p "$port" -U "$PG_SUPERUSER" -d postgres -XtAq \
  -c "select 1 from pg_database where datname = '$PG_DATABASE'")"
if [ "$exists" != "1" ]; then
  as_pg_owner "$psql_bin" -h "$PG_SOCKET_DIR" -p "$port" -U "$PG_SUPERUSER" -d postgres -Xq \
    -c "create database $PG_DATABASE" >&2
fi
print_url
