#!/usr/bin/env bash
# Try a centre on one machine: a local PostgreSQL server (kept in
# ~/.local/share/auskunft-centre, or $AUSKUNFT_CENTRE_DIR) with a database
# and a login role for the desks. Prints the URL to give every desk:
#
#   scripts/centre.sh            # start (create on first use), print the URL
#   scripts/centre.sh stop       # stop the server
#
# Then, for example:
#   export AUSKUNFT_DATABASE_URL=$(scripts/centre.sh url)
#   cargo run -- demo centre --desks 20 --minutes 30 --speed 10   # twenty agents at work
#   make run                                                      # a desk window on the same store
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=${AUSKUNFT_CENTRE_DIR:-$HOME/.local/share/auskunft-centre}
cmd=${1:-start}

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
psql_admin() { "$BIN/psql" -X -q -v ON_ERROR_STOP=1 "$(scripts/pg-cluster.sh url "$DIR")" "$@"; }

case "$cmd" in
  start)
    admin=$(scripts/pg-cluster.sh start "$DIR")
    if [ ! -f "$DIR/desk-password" ]; then
      (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$DIR/desk-password")
    fi
    pw=$(cat "$DIR/desk-password")
    if ! psql_admin -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'auskunft'" | grep -q 1; then
      psql_admin -c "CREATE ROLE auskunft LOGIN PASSWORD '$pw'"
    fi
    if ! psql_admin -tAc "SELECT 1 FROM pg_database WHERE datname = 'auskunft'" | grep -q 1; then
      psql_admin -c "CREATE DATABASE auskunft OWNER auskunft"
    fi
    port=$(cat "$DIR/port")
    echo "centre store running (admin: $admin)" >&2
    echo "postgres://auskunft:$pw@127.0.0.1:$port/auskunft"
    ;;
  url)
    pw=$(cat "$DIR/desk-password")
    echo "postgres://auskunft:$pw@127.0.0.1:$(cat "$DIR/port")/auskunft"
    ;;
  stop)
    scripts/pg-cluster.sh stop "$DIR"
    ;;
  *)
    echo "usage: $0 [start|url|stop]" >&2
    exit 2
    ;;
esac
