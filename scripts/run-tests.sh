#!/usr/bin/env bash
# Builds the package and its tests, then runs every test with the real parts they need: starts
# a throwaway Kannel (bearerbox, the fake SMS centre and smsbox on free loopback ports in a
# temporary folder) and a throwaway PostgreSQL cluster (initdb in a temporary folder, its own
# port), runs the Swift tests, and stops exactly the processes it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

swift=${SWIFT:-swift}
# Built here, not left to the caller: the runs below skip the build and would otherwise test
# whatever was built last.
"$swift" build --build-tests
kannel_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-kannel.XXXXXX")
postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-postgres.XXXXXX")
cleanup() {
    ./scripts/kannel-test-env.sh stop "$kannel_dir" >/dev/null 2>&1 || true
    ./scripts/postgres-test-env.sh stop "$postgres_dir" >/dev/null 2>&1 || true
    rm -rf "$kannel_dir" "$postgres_dir"
}
trap cleanup EXIT INT TERM

# Kannel passes incoming messages to a listener a test starts on this port, with this secret.
mo_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mo_secret=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
KANNEL_MO_URL="http://127.0.0.1:$mo_port/mo/kannel?secret=$mo_secret" \
    ./scripts/kannel-test-env.sh start "$kannel_dir" >/dev/null
export PENGINGAT_KANNEL_ENV="$kannel_dir/env"

./scripts/postgres-test-env.sh start "$postgres_dir" >/dev/null
# The store contract suite runs on PostgreSQL too, each test in a database of its own.
PENGINGAT_TEST_POSTGRES_URL=$(sed -n 's/^PENGINGAT_TEST_POSTGRES_URL=//p' "$postgres_dir/env")
export PENGINGAT_TEST_POSTGRES_URL
if [ $# -gt 0 ]; then
    "$swift" test --skip-build --disable-xctest "$@"
else
    # One run of the whole suite: no test bounds how long anything takes (they wait on events
    # and on clocks they move), so none needs the machine to itself.
    "$swift" test --skip-build --disable-xctest
    # A facilitator's week in a real browser against a running `pengingat serve`.
    ./scripts/run-browser-tests.sh "$("$swift" build --show-bin-path)/pengingat"
    # The JSON API against openapi.yaml, by schemathesis: zero failures, zero server errors.
    ./scripts/run-api-check.sh "$("$swift" build --show-bin-path)/pengingat"
fi
