#!/usr/bin/env bash
# A throwaway PostgreSQL server for tests: trust auth, 127.0.0.1 only, fsync off, its own socket
# directory and port, all under one folder that `stop` removes. Never for real data.
#   scripts/pg-throwaway.sh start [DIR] [PORT]   prints the DATABASE_URL to use
#   scripts/pg-throwaway.sh stop  [DIR]
#   scripts/pg-throwaway.sh pause [DIR]    stops the server and keeps its data (an outage, for tests)
#   scripts/pg-throwaway.sh resume [DIR]   starts it again on the same port, with the same data
set -euo pipefail
cmd="${1:-}"
dir="${2:-/tmp/compact-pg}"
port="${3:-5434}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
[ -n "$bin" ] || { echo "PostgreSQL is not installed: apt-get install -y postgresql" >&2; exit 1; }

# initdb and postgres refuse to run as root; the postgres user that Debian's package makes runs them.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
  start)
    if [ -f "$dir/data/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      echo "postgres://postgres@127.0.0.1:$port/postgres"; exit 0
    fi
    rm -rf "$dir"; mkdir -p "$dir/socket"
    [ "$(id -u)" = 0 ] && chown -R postgres:postgres "$dir"
    as_pg "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    echo "-p $port -k $dir/socket -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" >"$dir/options"
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$(cat "$dir/options")" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgres://postgres@127.0.0.1:$port/postgres"
    ;;
  pause)
    as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    ;;
  resume)
    as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start -o "$(cat "$dir/options")" \
      >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    ;;
  stop)
    if [ -d "$dir/data" ]; then as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start|stop|pause|resume [DIR] [PORT]" >&2; exit 2
    ;;
esac
