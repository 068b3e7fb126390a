#!/usr/bin/env bash
# Coverage-guided fuzzing of Pengingat's parsers with libFuzzer (the package in Fuzz/).
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Builds every fuzz target with the fuzzer (and address) sanitizer, then runs each target for
# SECONDS (default 30, or FUZZ_SECONDS) on its committed seeds in Fuzz/Corpus/<target>/. New
# inputs libFuzzer finds go to a scratch corpus (Fuzz/.scratch/corpus/<target>/, kept between
# runs so later runs start further), never into the committed seeds. A crash, hang or
# out-of-memory stops that target; its input is saved in Fuzz/artifacts/<target>/ and the script
# exits 1 after the other targets ran. Reproduce one with:
#   Fuzz/.build/debug/<target> Fuzz/artifacts/<target>/crash-…
#
# Environment:
#   FUZZ_SECONDS        seconds per target when no argument is given (30)
#   FUZZ_SANITIZERS     what -sanitize= gets (fuzzer,address); "fuzzer" alone builds and runs faster
#   FUZZ_CONFIGURATION  debug (default) or release: release runs faster but builds much longer
#   FUZZ_ARGS           extra libFuzzer flags for every target, e.g. "-jobs=2 -workers=2"
#   SWIFT               the swift driver (swift)
set -uo pipefail

cd "$(dirname "$0")/.."
root=$PWD
package=Fuzz

seconds=${FUZZ_SECONDS:-30}
if [[ $# -gt 0 && $1 =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
sanitizers=${FUZZ_SANITIZERS:-fuzzer,address}
configuration=${FUZZ_CONFIGURATION:-debug}
swift=${SWIFT:-swift}
all_targets=(fuzz-roster-import fuzz-phone-number fuzz-jadwal fuzz-templates fuzz-kannel fuzz-whatsapp fuzz-reply-keywords)
if [[ $# -gt 0 ]]; then targets=("$@"); else targets=("${all_targets[@]}"); fi
for target in "${targets[@]}"; do
    if [[ ! -d $package/Sources/$target ]]; then
        echo "fuzz: no such target: $target (known: ${all_targets[*]})" >&2
        exit 2
    fi
done

command -v "$swift" >/dev/null || { echo "fuzz: Swift 6.3 is needed: https://www.swift.org/install/linux/" >&2; exit 2; }

# -parse-as-library: the targets have no main, libFuzzer brings its own.
build_flags=(--package-path "$package" -c "$configuration"
             -Xswiftc "-sanitize=$sanitizers" -Xswiftc -parse-as-library)
echo "fuzz: building $package ($configuration, -sanitize=$sanitizers)"
build_start=$(date +%s)
if ! "$swift" build "${build_flags[@]}"; then
    echo "fuzz: the build failed" >&2
    exit 2
fi
echo "fuzz: built in $(( $(date +%s) - build_start )) s"
bin=$("$swift" build "${build_flags[@]}" --show-bin-path)

# Swift's runtime keeps caches for the life of the process, which LeakSanitizer would report
# as leaks of every input; memory growth is caught by -rss_limit_mb instead.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:allocator_may_return_null=1}
# Swift's own crash backtracer reads memory AddressSanitizer objects to, and would turn every
# fatalError into a second, misleading sanitizer report; libFuzzer prints the stack anyway.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

failed=()
summaries=()
for target in "${targets[@]}"; do
    scratch=$package/.scratch/corpus/$target
    artifacts=$package/artifacts/$target
    log=$package/.scratch/logs/$target.log
    mkdir -p "$scratch" "$artifacts" "$(dirname "$log")"
    echo "fuzz: $target for $seconds s (log: $log)"
    started=$(date +%s)
    # Two corpus folders: libFuzzer reads both and writes what it finds into the first only.
    # shellcheck disable=SC2086
    "$bin/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$root/$artifacts/" ${FUZZ_ARGS:-} "$scratch" "$package/Corpus/$target" >"$log" 2>&1
    status=$?
    elapsed=$(( $(date +%s) - started ))

    runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -n 1 | awk '{print $2}')
    coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -n 1)
    corpus=$(grep -o 'corp: [0-9]*/[0-9]*[a-zA-Z]*' "$log" | tail -n 1)
    artifact=$(grep -o 'Test unit written to .*' "$log" | tail -n 1 | sed 's/Test unit written to //')
    if [[ $status -eq 0 ]]; then
        result=ok
    else
        if grep -q 'Fatal error: ' "$log"; then result="CRASH (Swift fatal error)"
        elif grep -q 'ERROR: libFuzzer: timeout' "$log"; then result=HANG
        elif grep -q 'ERROR: libFuzzer: out-of-memory\|ERROR: libFuzzer: malloc' "$log"; then result=OOM
        elif grep -q 'ERROR: AddressSanitizer' "$log"; then result="CRASH (AddressSanitizer)"
        else result=CRASH
        fi
        failed+=("$target")
    fi
    summary="$target: $result, ${runs:-?} runs in $elapsed s, ${coverage:-cov: ?}, ${corpus:-corp: ?}"
    [[ -n $artifact ]] && summary+=", input saved to ${artifact#"$root"/}"
    summaries+=("$summary")
    echo "fuzz: $summary"
    if [[ $status -ne 0 ]]; then
        # The reason, as Swift or the sanitizer said it, without libFuzzer's stack of its own frames.
        grep -m 3 'Fatal error\|ERROR: \|SUMMARY: ' "$log" | sed 's/^/    /'
        [[ -n $artifact ]] && echo "    reproduce: $bin/$target $artifact"
    fi
done

echo
echo "fuzz: summary ($seconds s per target)"
printf '  %s\n' "${summaries[@]}"
if [[ ${#failed[@]} -gt 0 ]]; then
    echo "fuzz: FAILED: ${failed[*]} (inputs in $package/artifacts/)" >&2
    exit 1
fi
echo "fuzz: no crashes"
