#!/usr/bin/env bash
# make bench: the release benchmarks, with a throwaway Kannel for the dispatch rows.
# Usage: scripts/run-bench.sh BIN [planner sizes…]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
shift
kannel_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-bench-kannel.XXXXXX")
cleanup() {
    ./scripts/kannel-test-env.sh stop "$kannel_dir" >/dev/null 2>&1 || true
    rm -rf "$kannel_dir"
}
trap cleanup EXIT INT TERM
./scripts/kannel-test-env.sh start "$kannel_dir" >/dev/null
PENGINGAT_KANNEL_ENV="$kannel_dir/env" "$bin" dispatch "${BENCH_MESSAGES:-20000}"
"$bin" all "$@"
