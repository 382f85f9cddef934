#!/usr/bin/env bash
# Start or stop a throwaway PostgreSQL 15 server on loopback for the test suite.
#   .ci/postgres.sh start DIR PORT   -> initdb in DIR (as the postgres user), start on 127.0.0.1:PORT
#   .ci/postgres.sh stop DIR
set -euo pipefail

PG_BIN=/usr/lib/postgresql/15/bin

ensure_installed() {
  if [ ! -x "$PG_BIN/initdb" ]; then
    echo "PostgreSQL 15 not found; installing it with apt" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql-15 >/dev/null
  fi
}

as_postgres() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "${1:-}" in
  start)
    dir=$2 port=$3
    ensure_installed
    mkdir -p "$dir"
    [ "$(id -u)" = "0" ] && chown postgres "$dir"
    as_postgres "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-locale >/dev/null
    as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    dir=$2
    if [ -f "$dir/data/postmaster.pid" ]; then
      as_postgres "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
