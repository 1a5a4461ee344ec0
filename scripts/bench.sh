#!/usr/bin/env bash
# Corpus benchmark: mtlint against ripgrep on the same files and the same
# literal dictionary (`mtlint rules --literals`), plus start-up time, one
# article's time and peak memory. Run from the repository root:
#   bash scripts/bench.sh
# ripgrep runs as `rg --count-matches -F -f literals`: it finds every
# match, as a linter must (`rg -c` stops at the first match of each line).
#
# The corpus is generated deterministically from ../shared/corpora (1,000
# article-sized files of 15-40 paragraphs, and one ~100 MB file) into
# target/bench-corpus/; nothing generated is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPORA=../shared/corpora
OUT=target/bench-corpus
[ -d "$CORPORA" ] || { echo "bench: $CORPORA is missing; it holds the text the corpus is made from" >&2; exit 2; }

if ! command -v rg >/dev/null; then
  apt-get install -y ripgrep >/dev/null 2>&1 || cargo install --locked ripgrep
fi
command -v hyperfine >/dev/null || apt-get install -y hyperfine >/dev/null 2>&1 || true

cargo build --release --quiet
MTLINT=target/release/mtlint

if [ ! -f "$OUT/.done" ]; then
  rm -rf "$OUT" && mkdir -p "$OUT/files"
  python3 - "$CORPORA" "$OUT" <<'PY'
import random, sys, pathlib
corpora, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
lines = []
for rel in ["ntrex128-eng-arb/newstest2019-ref.arb.txt", "flores200-devtest-eng-arb/arb_Arab.devtest", "tico19-test-eng-ara/tico19-test.ara"]:
    lines += [l for l in (corpora / rel).read_text(encoding="utf-8").split("\n") if l.strip()]
rng = random.Random(20261125)
for i in range(1000):
    paragraphs = [rng.choice(lines) for _ in range(rng.randint(15, 40))]
    (out / "files" / f"article{i:04}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
with open(out / "big.txt", "w", encoding="utf-8") as big:
    size = 0
    while size < 100_000_000:
        paragraph = rng.choice(lines) + "\n\n"
        big.write(paragraph)
        size += len(paragraph.encode())
PY
  touch "$OUT/empty.txt" "$OUT/.done"
fi
"$MTLINT" rules --literals > "$OUT/literals.txt"

bytes_dir=$(cat "$OUT"/files/*.txt | wc -c)
bytes_big=$(wc -c < "$OUT/big.txt")

# Median wall time in seconds of a command (hyperfine when present).
seconds() {
  if command -v hyperfine >/dev/null; then
    # -i: findings make mtlint exit 1. hyperfine sends the command's output
    # to /dev/null itself.
    hyperfine -N -i --warmup 1 --runs "${RUNS:-5}" --export-json "$OUT/h.json" "$1" >/dev/null 2>&1
    python3 -c "import json;print(json.load(open('$OUT/h.json'))['results'][0]['median'])"
  else
    local start end; start=$(date +%s.%N); sh -c "$1" >/dev/null 2>&1 || true; end=$(date +%s.%N)
    python3 -c "print($end-$start)"
  fi
}
# (Findings make mtlint exit 1; `; true` keeps that from stopping the script.)
peak_kb() { /usr/bin/time -f %M sh -c "$1 >/dev/null 2>&1; true" 2>&1 | tail -1; }
mbps() { python3 -c "print(f'{$1/$2/1e6:8.1f}')"; }

echo "literals: $(wc -l < "$OUT/literals.txt")  corpus: 1,000 files, $((bytes_dir / 1000)) kB; big file: $((bytes_big / 1000000)) MB; $(nproc) cores"
m_dir=$(seconds "sh -c '$MTLINT check --isolated --format concise $OUT/files > /dev/null 2>&1 || true'")
r_dir=$(seconds "sh -c 'rg --count-matches -F -f $OUT/literals.txt $OUT/files > /dev/null || true'")
m_big=$(RUNS=3 seconds "sh -c '$MTLINT check --isolated --format concise $OUT/big.txt > /dev/null 2>&1 || true'")
r_big=$(RUNS=3 seconds "sh -c 'rg --count-matches -F -f $OUT/literals.txt $OUT/big.txt > /dev/null || true'")
start=$(RUNS=60 seconds "$MTLINT check --isolated $OUT/empty.txt")
# The floor under it: the process and the command line alone, no rules
# compiled. This VM's phase moves both alike, so their difference is the
# part mtlint's own start-up work decides.
floor=$(RUNS=60 seconds "$MTLINT --version")
# One article of about 6 KB: the pre-commit case.
article=$(ls "$OUT"/files/*.txt | while read -r f; do echo "$(wc -c < "$f") $f"; done | sort -n | awk '$1 >= 6000 {print $2; exit}' || true)
# Run directly, as start-up is: through `sh -c` the shell's own start (1-3
# ms) was counted as mtlint's until the tenth stop.
one=$(RUNS=60 seconds "$MTLINT check --isolated $article")
printf '%-28s %9s %9s\n' "" "MB/s" "seconds"
printf '%-28s %9s %9.3f\n' "mtlint, 1,000 files" "$(mbps "$bytes_dir" "$m_dir")" "$m_dir"
printf '%-28s %9s %9.3f\n' "ripgrep, 1,000 files" "$(mbps "$bytes_dir" "$r_dir")" "$r_dir"
printf '%-28s %9s %9.3f\n' "mtlint, 100 MB file" "$(mbps "$bytes_big" "$m_big")" "$m_big"
printf '%-28s %9s %9.3f\n' "ripgrep, 100 MB file" "$(mbps "$bytes_big" "$r_big")" "$r_big"
python3 -c "print(f'ratio mtlint/ripgrep --count-matches: files {$r_dir/$m_dir:.3f}x (target >= 0.25x), big file {$r_big/$m_big:.3f}x (target >= 0.10x)')"
python3 -c "print(f'start-up on an empty file: {$start*1000:.1f} ms (target < 5 ms); one article of $(wc -c < "$article") bytes: {$one*1000:.1f} ms (target < 8 ms)')"
python3 -c "print(f'of the start-up, the process and command line alone (mtlint --version): {$floor*1000:.1f} ms; compiling the rules and checking the empty file: {($start-$floor)*1000:.1f} ms')"
# (`head` closes the pipe early: not a failure.)
largest=$(ls -S "$OUT"/files/*.txt | head -1 || true)
big_kb=$(peak_kb "$MTLINT check --isolated --format concise $OUT/big.txt")
echo "peak memory: corpus $(peak_kb "$MTLINT check --isolated $OUT/files") kB, its largest file alone $(peak_kb "$MTLINT check --isolated $largest") kB, 100 MB file $big_kb kB ($(python3 -c "print(f'{$big_kb*1024/$bytes_big:.1f}')")x the file; target <= 3x)"
# The other output formats on the big file: each writes its findings as
# it goes, so none should peak much above the concise run.
for format in human json sarif html; do
  kb=$(peak_kb "$MTLINT check --isolated --format $format $OUT/big.txt")
  echo "peak memory, 100 MB file, --format $format: $kb kB ($(python3 -c "print(f'{$kb*1024/$bytes_big:.1f}')")x the file)"
done
# --fix on a copy of the big file: it checks the fixed text again, with
# the original still held to compare before the rename.
cp "$OUT/big.txt" "$OUT/fix.txt"
kb=$(peak_kb "$MTLINT check --isolated --fix --format concise $OUT/fix.txt")
rm -f "$OUT/fix.txt"
echo "peak memory, 100 MB file, --fix: $kb kB ($(python3 -c "print(f'{$kb*1024/$bytes_big:.1f}')")x the file)"
echo "per-family costs: cargo bench --bench lint -- family (criterion; each family alone on the seed article)"

# STATIC=1: the same start-up figures for a statically linked build (see
# the README's "A static binary"); a second full release build, so not by
# default. The target is named so that the flag reaches mtlint but not
# the proc-macros and build scripts (`cargo` applies it to them otherwise).
if [ "${STATIC:-0}" = 1 ]; then
  triple=$(rustc -vV | sed -n 's/^host: //p')
  RUSTFLAGS="-C target-feature=+crt-static" cargo build --release --quiet --target "$triple"
  STATIC_MTLINT="target/$triple/release/mtlint"
  s_start=$(RUNS=60 seconds "$STATIC_MTLINT check --isolated $OUT/empty.txt")
  s_one=$(RUNS=60 seconds "$STATIC_MTLINT check --isolated $article")
  python3 -c "print(f'static build: start-up on an empty file {$s_start*1000:.1f} ms; one article {$s_one*1000:.1f} ms')"
fi
