#!/usr/bin/env bash
# A throw-away PostgreSQL server for the API's persistence tests.
#
#   eval "$(bash .ci/postgres.sh)"      # or:  . .ci/postgres.sh
#
# Installs Debian's postgresql package if no server binaries are found, starts a server
# on 127.0.0.1:${TRAINSHARE_PG_PORT:-55432} from a fresh data directory (as the postgres
# user when run as root), creates the database trainshare_test, and exports/prints
# TRAINSHARE_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/trainshare_test.
# Idempotent: a server already answering on that port is reused. No input is read.

_trainshare_pg_main() (
    set -euo pipefail
    port="${TRAINSHARE_PG_PORT:-55432}"
    data="${TRAINSHARE_PG_DIR:-/tmp/trainshare-pg-$port}"
    db=trainshare_test
    log() { echo "postgres.sh: $*" >&2; }

    find_bin() {
        local d
        d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
        if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
    }
    bin=$(find_bin)
    if [ -z "$bin" ]; then
        log "installing PostgreSQL (apt-get)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq --no-install-recommends postgresql postgresql-client >&2 </dev/null
        bin=$(find_bin)
        [ -n "$bin" ] || { log "no PostgreSQL binaries after install"; exit 1; }
    fi

    as_pg() {
        if [ "$(id -u)" = 0 ]; then
            if command -v runuser >/dev/null; then runuser -u postgres -- "$@"
            else su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; fi
        else
            "$@"
        fi
    }
    user=postgres
    [ "$(id -u)" = 0 ] || user=$(id -un)

    if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
        log "reusing the server on 127.0.0.1:$port"
    else
        log "starting a fresh server in $data on 127.0.0.1:$port"
        rm -rf "$data"
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres: "$data"
        as_pg "$bin/initdb" -D "$data" -U "$user" -A trust -E UTF8 --no-sync >/dev/null
        as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
            -o "-h 127.0.0.1 -p $port -k $data -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2
    fi
    psql=("$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -v ON_ERROR_STOP=1 -tAq)
    if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" != 1 ]; then
        "${psql[@]}" -c "CREATE DATABASE $db" >&2
    fi
    echo "postgresql+psycopg://$user@127.0.0.1:$port/$db"
)

if _trainshare_pg_url=$(_trainshare_pg_main); then
    export TRAINSHARE_TEST_PG_URL="$_trainshare_pg_url"
    echo "export TRAINSHARE_TEST_PG_URL=$_trainshare_pg_url"
else
    echo "postgres.sh: could not start PostgreSQL" >&2
    return 1 2>/dev/null || exit 1
fi
