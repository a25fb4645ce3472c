#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (every reader of Sextant's inputs) with the address
# sanitizer and runs them, each on its committed corpus (Fuzz/Corpus/TARGET) and the seeds that
# Fuzz/seeds.py draws from the samples, scenarios and tests.
#
#   scripts/fuzz.sh [--smoke | --executions N | --time S] [--merge] [TARGET…]
#
#   --smoke          a few seconds of each target (what `make test` runs)
#   --executions N   N executions of each target
#   --time S         S seconds of each target (the default: 60)
#   --merge          afterwards, merge the inputs that found new coverage into the committed
#                    corpus (libFuzzer -merge=1, which keeps a minimal set)
#   TARGET           csv, jsonl, counts, scenario, policy, targets (default: all six)
#
# A finding is a crash, a sanitizer report, an input that takes more than 1 s (-timeout=1), more
# than 2048 MB of memory in all (-rss_limit_mb) or one allocation of more than 256 MB
# (-malloc_limit_mb). libFuzzer writes the input to Fuzz/Findings/TARGET-*; the script ends with
# status 1. Reproduce one with `Fuzz/.build/release/FuzzCSV Fuzz/Findings/csv-crash-…`.
# Inputs are at most 16 KiB (-max_len); the readers' own limits are far larger, and are tested
# apart (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

mode=(-max_total_time=60)
merge=false
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) mode=(-max_total_time=4) ;;
        --executions) mode=(-runs="$2"); shift ;;
        --time) mode=(-max_total_time="$2"); shift ;;
        --merge) merge=true ;;
        -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        csv | jsonl | counts | scenario | policy | targets) targets+=("$1") ;;
        *) echo "fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
[ ${#targets[@]} -gt 0 ] || targets=(csv jsonl counts scenario policy targets)

binary() {
    case "$1" in
        csv) echo FuzzCSV ;; jsonl) echo FuzzJSONLines ;; counts) echo FuzzCounts ;;
        scenario) echo FuzzScenario ;; policy) echo FuzzGatePolicy ;; targets) echo FuzzTargets ;;
    esac
}

# The fuzz package reaches Sextant through a link named Sextant, so that the dependency's identity
# does not depend on the name of this folder; it resolves the versions the main package pins.
mkdir -p Fuzz/Root
ln -sfn ../.. Fuzz/Root/Sextant
if [ -f Package.resolved ]; then cp Package.resolved Fuzz/Package.resolved; fi
echo "==> building the fuzz targets (release, -sanitize=fuzzer,address)"
swift build --package-path Fuzz -c release \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
    -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | grep -vE "ld.gold: warning: Cannot export local symbol" | tail -n 3
bin=Fuzz/.build/release

mkdir -p Fuzz/Findings
# libFuzzer's output of the last run of each target stays in Fuzz/.build/logs.
logs=Fuzz/.build/logs
mkdir -p "$logs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 Fuzz/seeds.py "$work/seeds"
status=0
printf '%-9s %12s %8s %8s  %s\n' target executions seconds corpus result >"$work/summary"
for target in "${targets[@]}"; do
    corpus="Fuzz/Corpus/$target"
    mkdir -p "$corpus" "$work/$target"
    log="$logs/$target.log"
    echo "==> fuzzing $target (${mode[*]})"
    started=$(date +%s%N)
    result=ok
    # New inputs go to a scratch folder: the committed corpus changes only through --merge.
    if ! ASAN_OPTIONS=detect_leaks=0:quarantine_size_mb=0 "$bin/$(binary "$target")" \
        "${mode[@]}" -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=256 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="Fuzz/Findings/$target-" \
        "$work/$target" "$corpus" "$work/seeds/$target" >"$log" 2>&1; then
        result="FINDING (see $log and Fuzz/Findings/)"
        status=1
        tail -n 60 "$log"
    fi
    tenths=$((($(date +%s%N) - started) / 100000000))
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if $merge; then
        mkdir -p "$work/$target.merged"
        "$bin/$(binary "$target")" -merge=1 -timeout=1 -rss_limit_mb=2048 -max_len=16384 \
            "$work/$target.merged" "$corpus" "$work/seeds/$target" "$work/$target" >"$work/$target.merge.log" 2>&1
        rm -rf "$corpus" && mv "$work/$target.merged" "$corpus"
    fi
    files=$(find "$corpus" -type f | wc -l)
    printf '%-9s %12s %6d.%d %8s  %s\n' "$target" "${executions:-?}" $((tenths / 10)) $((tenths % 10)) "$files" "$result" >>"$work/summary"
done
echo
cat "$work/summary"
cp "$work/summary" "$logs/summary-$(date +%Y%m%d-%H%M%S).txt"
exit $status
