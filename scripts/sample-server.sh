# Sourced by scripts/run-browser-tests.sh and scripts/run-api-check.sh: `pengingat serve` on the
# sample roster in a temporary folder, on a free loopback port, with the clock at 8 December 2026
# 12.00 WIB and the file gateway; the server it starts (and only it) is stopped on exit.
#
#   sample_server_prepare NAME BIN   makes $work, imports the roster into $db, picks $port
#   sample_server_start [ARG…]       starts `layani` with the extra ARGs, waits for /readyz

sample_server_prepare() {
    bin=$2
    work=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-$1.XXXXXX")
    server_pid=""
    trap sample_server_stop EXIT INT TERM
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    db="$work/pengingat.sqlite"
    "$bin" impor Config/contoh --db "$db" > /dev/null || [ $? -lt 2 ]
}

sample_server_stop() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}

# A password nobody types, for an account a test signs in with.
sample_server_password() { python3 -c 'import secrets; print(secrets.token_urlsafe(12))'; }

sample_server_start() {
    cat > "$work/pengingat.yaml" <<YAML
gateways:
  file:
    type: file
    path: $work/outbox.jsonl
web:
  password_cost: 8
YAML
    PENGINGAT_CONFIG="$work/pengingat.yaml" "$bin" layani --db "$db" --dengar "127.0.0.1:$port" \
        --pada 2026-12-08T12:00+07:00 "$@" > "$work/serve.log" 2>&1 &
    server_pid=$!
    # Waits while the server is starting, however long that takes on a loaded machine.
    until curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; do
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
        sleep 0.2
    done
}
