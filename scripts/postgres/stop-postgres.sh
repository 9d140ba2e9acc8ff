#!/usr/bin/env bash
# Stops the throwaway PostgreSQL server started by ensure-postgres.sh.
# --purge also deletes its data directory.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/postgres-env.sh"

PG_BIN="$(find_pg_bin)"
resolve_pg_paths
if [ -z "$PG_BIN" ] || [ ! -f "$PG_DATA_DIR/PG_VERSION" ]; then
  log "no cluster in $PG_DATA_DIR"
elif as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" status >/dev/null 2>&1; then
  as_pg_owner "$PG_BIN/pg_ctl" -D "$PG_DATA_DIR" -m fast -w -s stop >&2
  log "stopped"
else
  log "not running"
fi
if [ "${1:-}" = "--purge" ]; then
  rm -rf "$PG_STATE_DIR"
  log "removed $PG_STATE_DIR"
fi
