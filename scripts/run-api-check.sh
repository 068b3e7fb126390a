#!/usr/bin/env bash
# Checks the JSON API against its spec with schemathesis (PyPI): imports the sample roster into a
# temporary SQLite file, makes a coordinator's API token, starts `pengingat serve` on a free
# loopback port (no sending), runs every schemathesis check on every operation of openapi.yaml
# (schemathesis.toml says what is allowed and why), and stops exactly the server it started.
# Zero failures and zero server errors, or this fails. A fixed seed keeps `make test` repeatable;
# SCHEMATHESIS_SEED and SCHEMATHESIS_EXAMPLES explore further.
set -euo pipefail
cd "$(dirname "$0")/.."

bin=${1:-$(${SWIFT:-swift} build --show-bin-path)/pengingat}
work=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-api.XXXXXX")
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# schemathesis in a virtual environment of its own, kept under .build (never committed).
venv=.build/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==4.32.5"
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
db="$work/pengingat.sqlite"
"$bin" impor Config/contoh --db "$db" > /dev/null || [ $? -lt 2 ]
PENGINGAT_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))') \
    "$bin" akun tambah admin --peran admin --db "$db" > /dev/null
token=$("$bin" akun token admin --label schemathesis --db "$db")
cat > "$work/pengingat.yaml" <<YAML
gateways:
  file:
    type: file
    path: $work/outbox.jsonl
web:
  password_cost: 4
YAML
PENGINGAT_CONFIG="$work/pengingat.yaml" "$bin" layani --db "$db" --dengar "127.0.0.1:$port" --tanpa-kirim \
    --pada 2026-12-08T12:00+07:00 > "$work/serve.log" 2>&1 &
server_pid=$!
# Waits while the server is starting, however long that takes on a loaded machine.
until curl -fsS "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.2
done
"$venv/bin/schemathesis" --config-file schemathesis.toml run openapi.yaml --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" --seed "${SCHEMATHESIS_SEED:-20261208}" \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --request-timeout 300 --no-color \
    || { tail -n 30 "$work/serve.log" >&2; exit 1; }
echo "API checks passed"
