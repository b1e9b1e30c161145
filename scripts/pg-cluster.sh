#!/usr/bin/env bash
# A PostgreSQL server of our own in a folder, for the tests and for trying
# a centre on one machine. Debian's postgresql package provides the
# binaries; the cluster is ours (never the system's on port 5432).
#
#   scripts/pg-cluster.sh start DIR [--fast]   # init if new, start on a free loopback port;
#                                              # prints the admin URL (postgres://postgres@127.0.0.1:PORT/postgres)
#   scripts/pg-cluster.sh stop DIR             # fast shutdown
#   scripts/pg-cluster.sh url DIR              # the admin URL of a running cluster
#
# --fast turns off fsync and synchronous commit: for throwaway test
# clusters only, never for a store that keeps anything or for benchmarks of
# durability. The server refuses to run as root, so as root it runs as the
# `postgres` user the package created.
set -euo pipefail

cmd=${1:-}
dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop|url DIR [--fast]" >&2; exit 2; }
fast=${3:-}

BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1 || true)
[ -x "${BIN:-}/pg_ctl" ] || { echo "pg-cluster: PostgreSQL server binaries not found (apt-get install postgresql)" >&2; exit 1; }

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A loopback port nobody listens on (bash's /dev/tcp connects or fails).
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  echo "pg-cluster: no free port found" >&2
  return 1
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    dir=$(cd "$dir" && pwd)
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
      as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      # The administrator (postgres: the tests' and scripts' own) needs no
      # password on this machine; every other login -- the persons of a
      # centre, each with their own role -- signs in with SCRAM, so that a
      # wrong or expired password is refused as on a city's server.
      cat >"$dir/data/pg_hba.conf" <<'HBA'
local all postgres trust
host  all postgres 127.0.0.1/32 trust
local all all scram-sha-256
host  all all 127.0.0.1/32 scram-sha-256
HBA
      [ "$(id -u)" -eq 0 ] && chown postgres "$dir/data/pg_hba.conf"
    fi
    if as_pg "$BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      "$0" url "$dir"
      exit 0
    fi
    # A restarted cluster keeps its port, so desks reconnect to the same URL.
    if [ -f "$dir/port" ]; then port=$(cat "$dir/port"); else port=$(free_port); fi
    opts="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300"
    if [ "$fast" = "--fast" ]; then
      opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    fi
    echo "$port" >"$dir/port"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir/port"
    as_pg "$BIN/pg_ctl" -D "$dir/data" -o "$opts" -l "$dir/server.log" -w -t 60 start >/dev/null \
      || { cat "$dir/server.log" >&2; exit 1; }
    "$0" url "$dir"
    ;;
  stop)
    [ -f "$dir/data/PG_VERSION" ] || exit 0
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  url)
    port=$(cat "$dir/port")
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  *)
    echo "usage: $0 start|stop|url DIR [--fast]" >&2
    exit 2
    ;;
esac
