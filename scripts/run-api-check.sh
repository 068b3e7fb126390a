#!/usr/bin/env bash
# Checks the JSON API against its spec with schemathesis (PyPI): imports the sample roster into a
# temporary SQLite file, makes a coordinator's API token, starts `pengingat serve` on a free
# loopback port (no sending), runs every schemathesis check on every operation of openapi.yaml
# (schemathesis.toml says what is allowed and why), and stops exactly the server it started.
# Zero failures and zero server errors, or this fails. A fixed seed keeps `make test` repeatable;
# SCHEMATHESIS_SEED and SCHEMATHESIS_EXAMPLES explore further.
set -euo pipefail
cd "$(dirname "$0")/.."

. scripts/sample-server.sh
sample_server_prepare api "${1:-$(${SWIFT:-swift} build --show-bin-path)/pengingat}"

# schemathesis in a virtual environment of its own, kept under .build (never committed).
venv=.build/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "schemathesis==4.32.5"
fi

PENGINGAT_PASSWORD=$(sample_server_password) "$bin" akun tambah admin --peran admin --db "$db" > /dev/null
token=$("$bin" akun token admin --label schemathesis --db "$db")
sample_server_start --tanpa-kirim
"$venv/bin/schemathesis" --config-file schemathesis.toml run openapi.yaml --url "http://127.0.0.1:$port" \
    -H "Authorization: Bearer $token" --seed "${SCHEMATHESIS_SEED:-20261208}" \
    --max-examples "${SCHEMATHESIS_EXAMPLES:-40}" --request-timeout 300 --no-color \
    || { tail -n 30 "$work/serve.log" >&2; exit 1; }
echo "API checks passed"
