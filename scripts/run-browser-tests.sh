#!/usr/bin/env bash
# The real-browser test: imports the sample roster into a temporary SQLite file, makes the
# coordinator's and two facilitators' accounts and an API token, starts `pengingat serve` on a free loopback port (file gateway into the
# temporary folder, the clock set to 8 December 2026 12.00 WIB), drives chromium through
# Tests/Browser/facilitator_week.py, and stops exactly the server it started.
# Screenshots at phone width land in test-artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-$(${SWIFT:-swift} build --show-bin-path)/pengingat}
work=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-browser.XXXXXX")
server_pid=""
cleanup() {
    if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet selenium \
    || python3 -m pip install --quiet --break-system-packages selenium
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
db="$work/pengingat.sqlite"
"$bin" impor Config/contoh --db "$db" > /dev/null || [ $? -lt 2 ]
export PENGINGAT_TEST_PASSWORD_SITI=$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')
export PENGINGAT_TEST_PASSWORD_BUDI=$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')
PENGINGAT_PASSWORD=$PENGINGAT_TEST_PASSWORD_SITI "$bin" akun tambah siti --peran pendamping --pendamping PDP-01 --db "$db" > /dev/null
PENGINGAT_PASSWORD=$PENGINGAT_TEST_PASSWORD_BUDI "$bin" akun tambah budi --peran pendamping --pendamping PDP-02 --db "$db" > /dev/null
export PENGINGAT_TEST_PASSWORD_ADMIN=$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')
PENGINGAT_PASSWORD=$PENGINGAT_TEST_PASSWORD_ADMIN "$bin" akun tambah admin --peran admin --db "$db" > /dev/null
# A script's token, which the admin revokes in the pages.
PENGINGAT_TEST_TOKEN=$("$bin" akun token budi --label "skrip laporan" --db "$db")
export PENGINGAT_TEST_TOKEN
cat > "$work/pengingat.yaml" <<YAML
gateways:
  file:
    type: file
    path: $work/outbox.jsonl
web:
  password_cost: 8
YAML
PENGINGAT_CONFIG="$work/pengingat.yaml" "$bin" layani --db "$db" --dengar "127.0.0.1:$port" --pada 2026-12-08T12:00+07:00 \
    > "$work/serve.log" 2>&1 &
server_pid=$!
# Waits while the server is starting, however long that takes on a loaded machine.
until curl -fs "http://127.0.0.1:$port/readyz" > /dev/null 2>&1; do
    kill -0 "$server_pid" 2>/dev/null || { cat "$work/serve.log" >&2; exit 1; }
    sleep 0.2
done
mkdir -p test-artifacts/screenshots
python3 Tests/Browser/facilitator_week.py "http://127.0.0.1:$port" test-artifacts/screenshots || { tail -n 30 "$work/serve.log" >&2; exit 1; }
