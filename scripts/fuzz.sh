#!/usr/bin/env bash
# Runs one cargo-fuzz target from the committed seeds, appending the
# execution count to target/fuzz-runs.tsv so docs/reliability.md can be
# brought up to date.
#
#   bash scripts/fuzz.sh TARGET SECONDS [MAX_LEN] [JOBS]
#
# TARGET: document | lint | fix | fix_markup | packs. MAX_LEN defaults to
# 4096; the long-input mode is MAX_LEN=65536 or more. Needs the nightly
# toolchain and cargo-fuzz (`rustup toolchain install nightly`,
# `cargo install cargo-fuzz`). SANITIZER=none (default address) fuzzes
# without AddressSanitizer, about twice as fast; the crate has no unsafe
# code in what the targets reach (the libc calls are in --fix file handling),
# so ASan would watch only its dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target}
seconds=${2:?seconds}
max_len=${3:-4096}
jobs=${4:-1}
sanitizer=${SANITIZER:-address}
case "$target" in
  document|lint|fix) seeds=fuzz/seeds/text ;;
  fix_markup) seeds=fuzz/seeds/fix_markup ;;
  packs) seeds=fuzz/seeds/packs ;;
  *) echo "unknown target $target" >&2; exit 2 ;;
esac
corpus=fuzz/corpus/$target
mkdir -p "$corpus" target
log=$(mktemp)
# One worker runs in-process (its statistics come in its own output); more
# are libFuzzer jobs, each writing fuzz-N.log in fuzz/ (so run one such
# multi-job run at a time).
parallel=()
[ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
(cd fuzz && cargo +nightly fuzz run -s "$sanitizer" "$target" "../$corpus" "../$seeds" -- \
  -max_total_time="$seconds" -max_len="$max_len" "${parallel[@]}" \
  -print_final_stats=1 -timeout=60 -rss_limit_mb=4096) >"$log" 2>&1 || {
  tail -40 "$log"; echo "fuzz run failed; log in $log" >&2; exit 1; }
if [ "$jobs" -gt 1 ]; then
  runs=$( (cat "$log"; cat fuzz/fuzz-*.log 2>/dev/null) | awk '/stat::number_of_executed_units/ {s += $2} END {print s+0}')
  rm -f fuzz/fuzz-*.log
else
  runs=$(awk '/stat::number_of_executed_units/ {s += $2} END {print s+0}' "$log")
fi
printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$target" "$max_len" "$seconds" "$runs" "$sanitizer" >> target/fuzz-runs.tsv
echo "$target: $runs executions in ${seconds}s (max_len $max_len), no failure"
