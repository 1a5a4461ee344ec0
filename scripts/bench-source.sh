#!/usr/bin/env bash
# What checking against the original costs: `mtlint check` on each aligned
# corpus's Arabic side alone, and with `--source` (every bundled rule both
# times), side by side. Run from the repository root:
#   bash scripts/bench-source.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CORPORA=../shared/corpora
[ -d "$CORPORA" ] || { echo "bench-source: $CORPORA is missing" >&2; exit 2; }
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null 2>&1 || true
cargo build --release --quiet
MTLINT=target/release/mtlint
OUT=target/bench-source
mkdir -p "$OUT"
median() {
  hyperfine -N --warmup 1 --runs "${RUNS:-10}" --export-json "$OUT/h.json" "$1" >/dev/null 2>&1
  python3 -c "import json;print(json.load(open('$OUT/h.json'))['results'][0]['median'])"
}
printf '%-10s %7s %12s %12s %8s\n' corpus lines "alone (ms)" "paired (ms)" ratio
for pair in "ntrex ntrex128-eng-arb/newstest2019-src.eng.txt ntrex128-eng-arb/newstest2019-ref.arb.txt" \
            "flores flores200-devtest-eng-arb/eng_Latn.devtest flores200-devtest-eng-arb/arb_Arab.devtest" \
            "tico tico19-test-eng-ara/tico19-test.eng tico19-test-eng-ara/tico19-test.ara"; do
  set -- $pair
  cp "$CORPORA/$3" "$OUT/$1.ar.txt"; chmod u+w "$OUT/$1.ar.txt"
  alone=$(median "sh -c '$MTLINT check --isolated --format concise $OUT/$1.ar.txt > /dev/null || true'")
  paired=$(median "sh -c '$MTLINT check --isolated --format concise --source $CORPORA/$2 $OUT/$1.ar.txt > /dev/null || true'")
  printf '%-10s %7s %12.1f %12.1f %7.2fx\n' "$1" "$(wc -l < "$OUT/$1.ar.txt")" "$(python3 -c "print($alone*1000)")" "$(python3 -c "print($paired*1000)")" "$(python3 -c "print($paired/$alone)")"
done
