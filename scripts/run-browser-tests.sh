#!/usr/bin/env bash
# The real-browser test: imports the sample roster into a temporary SQLite file, makes the
# coordinator's and two facilitators' accounts and an API token, starts `pengingat serve` on a free loopback port (file gateway into the
# temporary folder, the clock set to 8 December 2026 12.00 WIB), drives chromium through
# Tests/Browser/facilitator_week.py, and stops exactly the server it started.
# Screenshots at phone width land in test-artifacts/screenshots/.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/sample-server.sh
sample_server_prepare browser "${1:-$(${SWIFT:-swift} build --show-bin-path)/pengingat}"

python3 -c 'import selenium' 2>/dev/null || python3 -m pip install --quiet selenium \
    || python3 -m pip install --quiet --break-system-packages selenium
export PENGINGAT_TEST_PASSWORD_SITI=$(sample_server_password)
export PENGINGAT_TEST_PASSWORD_BUDI=$(sample_server_password)
PENGINGAT_PASSWORD=$PENGINGAT_TEST_PASSWORD_SITI "$bin" akun tambah siti --peran pendamping --pendamping PDP-01 --db "$db" > /dev/null
PENGINGAT_PASSWORD=$PENGINGAT_TEST_PASSWORD_BUDI "$bin" akun tambah budi --peran pendamping --pendamping PDP-02 --db "$db" > /dev/null
export PENGINGAT_TEST_PASSWORD_ADMIN=$(sample_server_password)
PENGINGAT_PASSWORD=$PENGINGAT_TEST_PASSWORD_ADMIN "$bin" akun tambah admin --peran admin --db "$db" > /dev/null
# A script's token, which the admin revokes in the pages.
PENGINGAT_TEST_TOKEN=$("$bin" akun token budi --label "skrip laporan" --db "$db")
export PENGINGAT_TEST_TOKEN
sample_server_start
mkdir -p test-artifacts/screenshots
python3 Tests/Browser/facilitator_week.py "http://127.0.0.1:$port" test-artifacts/screenshots || { tail -n 30 "$work/serve.log" >&2; exit 1; }
