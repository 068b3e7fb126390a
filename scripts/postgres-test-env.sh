#!/usr/bin/env bash
# postgres-test-env.sh — a throw-away, loopback-only PostgreSQL cluster for automated tests.
#
#   scripts/postgres-test-env.sh start DIR   initdb in DIR/data, start it on a free port, print DIR/env
#   scripts/postgres-test-env.sh stop  DIR   stop exactly the server recorded in DIR/pid
#
# Nothing touches the Debian package's own cluster (/etc/postgresql, port 5432): the server is
# started directly from the package's binaries with DIR/data, a free port on 127.0.0.1 and its
# socket in DIR. Trust authentication for the one role `pengingat`, on loopback only; fsync
# off, because the cluster is thrown away. Run as root (a container), the server runs as the
# `postgres` system user, as initdb refuses root.
#
# DIR/env has PENGINGAT_TEST_POSTGRES_URL=postgres://pengingat@127.0.0.1:PORT/postgres and
# POSTGRES_TEST_PORT=PORT.
set -euo pipefail

START_TIMEOUT=${POSTGRES_START_TIMEOUT:-30}
STOP_TIMEOUT=${POSTGRES_STOP_TIMEOUT:-15}

die() { echo "postgres-test-env: $*" >&2; exit 1; }

bindir() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$dir" ] && [ -x "$dir/initdb" ] && echo "$dir"
}

install_if_missing() {
    [ -n "$(bindir)" ] && return 0
    command -v apt-get >/dev/null 2>&1 || die "PostgreSQL missing and no apt-get: install postgresql"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "PostgreSQL missing; run as root or install sudo"
        sudo="sudo"
    fi
    echo "postgres-test-env: installing postgresql" >&2
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2 \
        || { $sudo apt-get update -qq >&2 && $sudo env DEBIAN_FRONTEND=noninteractive \
                apt-get install -y -qq --no-install-recommends postgresql >&2; }
    [ -n "$(bindir)" ] || die "installing postgresql failed"
}

# Runs a PostgreSQL program as the user that may run it.
as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# proc_state_start, is_ours: a recorded PID is only signalled while it is still that process.
. "$(dirname "$0")/process-records.sh"

cmd_start() {
    case $DIR in *[!A-Za-z0-9._/+-]*) die "DIR may only contain A-Za-z0-9._/+- (got: $DIR)" ;; esac
    install_if_missing
    local bin port pid start
    bin=$(bindir)
    mkdir -p "$DIR"
    [ "$(id -u)" -eq 0 ] && chown postgres "$DIR"
    as_server_user "$bin/initdb" -D "$DIR/data" -U pengingat --auth=trust -E UTF8 --no-locale -N >"$DIR/initdb.log" 2>&1 \
        || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
    port=$(free_port)
    as_server_user "$bin/postgres" -D "$DIR/data" -p "$port" -k "$DIR" -c listen_addresses=127.0.0.1 \
        -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=200 \
        </dev/null >"$DIR/postgres.log" 2>&1 &
    local deadline=$((SECONDS + START_TIMEOUT))
    # The postmaster writes its own PID first in postmaster.pid once it runs (the launcher's
    # PID may be runuser's).
    until [ -s "$DIR/data/postmaster.pid" ] && "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; do
        [ $SECONDS -lt $deadline ] || { tail -n 20 "$DIR/postgres.log" >&2; die "PostgreSQL did not start within ${START_TIMEOUT}s"; }
        sleep 0.2
    done
    pid=$(head -n 1 "$DIR/data/postmaster.pid")
    start=$(proc_state_start "$pid")
    echo "$pid ${start#* }" >"$DIR/pid"
    cat >"$DIR/env" <<EOF
PENGINGAT_TEST_POSTGRES_URL=postgres://pengingat@127.0.0.1:$port/postgres
POSTGRES_TEST_PORT=$port
EOF
    cat "$DIR/env"
}

cmd_stop() {
    [ -f "$DIR/pid" ] || { echo "postgres-test-env: nothing to stop in $DIR"; return 0; }
    local pid start
    read -r pid start <"$DIR/pid"
    if is_ours "$pid" "$start"; then
        # SIGINT: the "fast" shutdown (ends sessions, no waiting for clients).
        kill -INT "$pid" 2>/dev/null || true
        local ticks=$((STOP_TIMEOUT * 10))
        while is_ours "$pid" "$start" && [ $ticks -gt 0 ]; do sleep 0.1; ticks=$((ticks - 1)); done
        if is_ours "$pid" "$start"; then
            echo "postgres ($pid): still alive after ${STOP_TIMEOUT}s, sending SIGKILL"
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    mv -f "$DIR/pid" "$DIR/pid.stopped"
    echo "postgres-test-env: stopped"
}

[ $# -eq 2 ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }
DIR=$(python3 -c 'import os,sys; print(os.path.normpath(os.path.abspath(sys.argv[1])))' "$2")
case $1 in
    start) cmd_start ;;
    stop) cmd_stop ;;
    *) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
