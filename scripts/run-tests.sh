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

./scripts/kannel-test-env.sh start "$kannel_dir" >/dev/null
export PENGINGAT_KANNEL_ENV="$kannel_dir/env"
"$swift" test --skip-build --disable-xctest "$@"
