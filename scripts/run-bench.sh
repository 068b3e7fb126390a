#!/usr/bin/env bash
# make bench: the release benchmarks, with a throwaway Kannel for the dispatch rows.
# Usage: scripts/run-bench.sh BIN [planner sizes…]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$1
shift
kannel_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-bench-kannel.XXXXXX")
postgres_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-bench-postgres.XXXXXX")
sink_dir=$(mktemp -d "${TMPDIR:-/tmp}/pengingat-bench-sink.XXXXXX")
cleanup() {
    ./scripts/nginx-sink.sh stop "$sink_dir" >/dev/null 2>&1 || true
    ./scripts/kannel-test-env.sh stop "$kannel_dir" >/dev/null 2>&1 || true
    ./scripts/postgres-test-env.sh stop "$postgres_dir" >/dev/null 2>&1 || true
    rm -rf "$kannel_dir" "$postgres_dir" "$sink_dir"
}
trap cleanup EXIT INT TERM
# The Apprise baseline (PyPI); Debian's pip refuses system-wide installs without the flag.
if ! python3 -c 'import apprise' 2>/dev/null; then
    python3 -m pip install --quiet apprise 2>/dev/null || python3 -m pip install --quiet --break-system-packages apprise
fi
./scripts/postgres-test-env.sh start "$postgres_dir" >/dev/null
postgres_url=$(sed -n 's/^PENGINGAT_TEST_POSTGRES_URL=//p' "$postgres_dir/env")
PENGINGAT_BENCH_POSTGRES_URL=$postgres_url "$bin" import "${BENCH_HOUSEHOLDS:-20000}"
./scripts/kannel-test-env.sh start "$kannel_dir" >/dev/null
# The dispatch and scaling rows send into nginx, as fast a sink as there is.
./scripts/nginx-sink.sh start "$sink_dir" >/dev/null
sink_url=$(sed -n 's/^PENGINGAT_BENCH_SINK_URL=//p' "$sink_dir/env")
PENGINGAT_BENCH_SINK_URL=$sink_url PENGINGAT_BENCH_SINK_PIDS="$sink_dir/pids" PENGINGAT_KANNEL_ENV="$kannel_dir/env" \
    "$bin" dispatch "${BENCH_MESSAGES:-20000}"
PENGINGAT_BENCH_SINK_URL=$sink_url PENGINGAT_BENCH_POSTGRES_URL=$postgres_url \
    PENGINGAT_BIN="$(dirname "$bin")/pengingat" "$bin" scaling "${BENCH_MESSAGES:-20000}"
"$bin" all "$@"
