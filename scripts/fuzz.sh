#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (every reader of Sextant's inputs) with the address
# sanitizer and runs them, each on its committed corpus (Fuzz/Corpus/TARGET) and the seeds that
# Fuzz/seeds.py draws from the samples, scenarios and tests.
#
#   scripts/fuzz.sh [--smoke | --executions N | --time S] [--merge] [--no-build] [TARGET…]
#
#   --smoke          a few seconds of each target (what `make test` runs), the corpus replayed
#                    first; an input may take 10 s here, so that a machine busy with other work
#                    does not pass a slow input for a hang
#   --executions N   N executions of each target
#   --time S         S seconds of each target (the default: 60)
#   --merge          afterwards, merge the inputs that found new coverage into the committed
#                    corpus (libFuzzer -merge=1, which keeps a minimal set)
#   --no-build       use the targets built before (to run several targets at once, one per core)
#   TARGET           csv, jsonl, counts, scenario, policy, targets (default: all six)
#
# A finding is a crash, a sanitizer report (a leak included), an input that takes more than 1 s
# (-timeout=1), more than 2048 MB of memory in all (-rss_limit_mb) or one allocation of more than
# 256 MB (-malloc_limit_mb). libFuzzer writes the input to Fuzz/Findings/TARGET-*; the script ends with
# status 1. Reproduce one with `Fuzz/.build/release/FuzzCSV Fuzz/Findings/csv-crash-…`.
# Inputs are at most 16 KiB (-max_len); the readers' own limits are far larger, and are tested
# apart (see docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

kind=time
budget=60
timeout=1
merge=false
build=true
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) kind=time; budget=4; timeout=10 ;;
        --executions) kind=runs; budget="$2"; shift ;;
        --time) kind=time; budget="$2"; shift ;;
        --merge) merge=true ;;
        --no-build) build=false ;;
        -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
if $build; then
    mkdir -p Fuzz/Root
    ln -sfn ../.. Fuzz/Root/Sextant
    if [ -f Package.resolved ]; then cp Package.resolved Fuzz/Package.resolved; fi
    echo "==> building the fuzz targets (release, -sanitize=fuzzer,address)"
    swift build --package-path Fuzz -c release \
        -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld \
        -Xcc -fsanitize=fuzzer-no-link,address 2>&1 | grep -vE "ld.gold: warning: Cannot export local symbol" | tail -n 3
fi
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
# Runs libFuzzer on $target until the budget is spent or it finds something. A timeout is replayed
# alone first: one that then runs in under half the timeout was the machine's load (other builds,
# other fuzzers), not a slow input; it is kept in Fuzz/.build/logs/slow-under-load and fuzzing goes on.
fuzz() {
    local runner="$bin/$(binary "$target")" round="$work/$target.round" left flag artifact alone
    executions=0 result=ok slow=0
    : >"$log"
    while :; do
        if [ $kind = time ]; then
            left=$((budget - ($(date +%s%N) - started) / 1000000000))
            flag=-max_total_time=$left
        else
            left=$((budget - executions))
            flag=-runs=$left
        fi
        [ "$left" -gt 0 ] || return 0
        # New inputs go to a scratch folder: the committed corpus changes only through --merge.
        local ok=true
        ASAN_OPTIONS=detect_leaks=1:quarantine_size_mb=0 "$runner" \
            "$flag" -timeout="$timeout" -rss_limit_mb=2048 -malloc_limit_mb=256 -max_len=16384 \
            -print_final_stats=1 -artifact_prefix="Fuzz/Findings/$target-" \
            "$work/$target" "$corpus" "$work/seeds/$target" >"$round" 2>&1 || ok=false
        cat "$round" >>"$log"
        executions=$((executions + $(sed -n 's/^stat::number_of_executed_units: *//p' "$round" | tail -n 1 | grep . || echo 0)))
        $ok && return 0
        artifact=$(sed -n 's/.*Test unit written to \(Fuzz\/Findings\/[^ ]*\).*/\1/p' "$round" | tail -n 1)
        if grep -q "ERROR: libFuzzer: timeout" "$round" && [ -n "$artifact" ]; then
            # The fastest of three runs alone: one replay may meet the same load.
            alone=$(for _ in 1 2 3; do
                ASAN_OPTIONS=detect_leaks=0 "$runner" -runs=1 "$artifact" 2>&1 | sed -n 's/^Executed .* in \([0-9]*\) ms$/\1/p'
            done | sort -n | head -n 1)
            if [ -n "$alone" ] && [ "$alone" -lt $((timeout * 500)) ]; then
                mkdir -p "$logs/slow-under-load"
                mv "$artifact" "$logs/slow-under-load/"
                echo "fuzz.sh: a timeout under load: $artifact runs alone in $alone ms; going on" | tee -a "$log"
                slow=$((slow + 1))
                continue
            fi
        fi
        result="FINDING (see $log and Fuzz/Findings/)"
        status=1
        tail -n 60 "$round"
        return 0
    done
}

for target in "${targets[@]}"; do
    corpus="Fuzz/Corpus/$target"
    mkdir -p "$corpus" "$work/$target"
    log="$logs/$target.log"
    echo "==> fuzzing $target ($kind $budget)"
    started=$(date +%s%N)
    fuzz
    if [ "$slow" -gt 0 ] && [ "$result" = ok ]; then result="ok ($slow timeouts under load, each under $((timeout * 500)) ms alone)"; fi
    tenths=$((($(date +%s%N) - started) / 100000000))
    if $merge; then
        mkdir -p "$work/$target.merged"
        "$bin/$(binary "$target")" -merge=1 -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
            "$work/$target.merged" "$corpus" "$work/seeds/$target" "$work/$target" >"$work/$target.merge.log" 2>&1
        rm -rf "$corpus" && mv "$work/$target.merged" "$corpus"
    fi
    files=$(find "$corpus" -type f | wc -l)
    printf '%-9s %12s %6d.%d %8s  %s\n' "$target" "$executions" $((tenths / 10)) $((tenths % 10)) "$files" "$result" >>"$work/summary"
done
echo
cat "$work/summary"
cp "$work/summary" "$logs/summary-$(date +%Y%m%d-%H%M%S).txt"
exit $status
