#!/usr/bin/env bash
# The peer benchmark of issue 13: textlint with textlint-rule-prh (the usual
# JavaScript kit for term dictionaries) against mtlint, on the same 1,000
# articles that scripts/bench.sh generates and the same literals
# (`mtlint rules --literals`, one prh rule per literal). Needs node and npm
# (packages are installed under target/textlint/). Run after bench.sh:
#   bash scripts/bench-textlint.sh
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=target/bench-corpus
KIT=target/textlint
[ -d "$OUT/files" ] || { echo "bench-textlint: run scripts/bench.sh first (it generates $OUT)" >&2; exit 2; }
command -v npm >/dev/null || { echo "bench-textlint: npm is not installed" >&2; exit 2; }
cargo build --release --quiet
MTLINT=$PWD/target/release/mtlint
mkdir -p "$KIT"
if [ ! -x "$KIT/node_modules/.bin/textlint" ]; then
  (cd "$KIT" && npm init -y >/dev/null && npm install --silent textlint textlint-rule-prh >/dev/null)
fi
"$MTLINT" rules --literals > "$KIT/literals.txt"
python3 - "$KIT" <<'PY'
import json, pathlib, sys
kit = pathlib.Path(sys.argv[1])
literals = [l for l in (kit / "literals.txt").read_text(encoding="utf-8").split("\n") if l]
with open(kit / "prh.yml", "w", encoding="utf-8") as out:
    out.write("version: 1\nrules:\n")
    for literal in literals:
        # Every match is reported (the expected form differs), as a
        # linter's finding would be.
        out.write(f"  - expected: {json.dumps('«' + literal + '»', ensure_ascii=False)}\n")
        out.write(f"    pattern: {json.dumps(literal, ensure_ascii=False)}\n")
(kit / ".textlintrc.json").write_text(json.dumps({"rules": {"prh": {"rulePaths": ["prh.yml"]}}}))
PY
files=$(cd "$OUT/files" && pwd)
seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; end=$(date +%s.%N); python3 -c "print($end-$start)"; }
t_mtlint=$(seconds "$MTLINT" check --isolated --format concise "$files")
t_textlint=$(cd "$KIT" && seconds node_modules/.bin/textlint --format compact "$files/*.txt")
echo "literals: $(wc -l < "$KIT/literals.txt"), 1,000 files"
printf 'mtlint (every bundled rule)  %8.3f s\n' "$t_mtlint"
printf 'textlint + prh (literals)    %8.3f s\n' "$t_textlint"
python3 -c "print(f'mtlint is {$t_textlint/$t_mtlint:.1f}x faster (target >= 50x)')"
