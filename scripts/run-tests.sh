#!/usr/bin/env bash
# Runs every test with the real parts they need: starts a throwaway Kannel (bearerbox, the
# fake SMS centre and smsbox on free loopback ports in a temporary folder), runs the Swift
# tests, and stops exactly the processes it started, whatever happens.
set -euo pipefail
cd "$(dirname "$0")/.."

swift=${SWIFT:-swift}
kannel_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-kannel.XXXXXX")
cleanup() {
    ./scripts/kannel-test-env.sh stop "$kannel_dir" >/dev/null 2>&1 || true
    rm -rf "$kannel_dir"
}
trap cleanup EXIT INT TERM

# Kannel passes incoming messages to a listener a test starts on this port, with this secret.
mo_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mo_secret=$(python3 -c 'import secrets; print(secrets.token_hex(12))')
KANNEL_MO_URL="http://127.0.0.1:$mo_port/mo/kannel?secret=$mo_secret" \
    ./scripts/kannel-test-env.sh start "$kannel_dir" >/dev/null
export PENGINGAT_KANNEL_ENV="$kannel_dir/env"
"$swift" test --skip-build --disable-xctest "$@"
