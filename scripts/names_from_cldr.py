#!/usr/bin/env python3
"""Writes rules/names-places.toml: countries and cities with their Arabic
names from Unicode CLDR 48.2 (../shared/corpora/cldr-48.2-names-en-ar/,
Unicode License v3). Places the hand-written packs already cover (by
English name) are left out. Run from the repository root:

    python3 scripts/names_from_cldr.py
"""
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLDR = ROOT.parent / "shared" / "corpora" / "cldr-48.2-names-en-ar"
OUT = ROOT / "rules" / "names-places.toml"

# Codes that are not places a news text names this way.
SKIP_CODES = {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "XK"}


def covered_english():
    names = set()
    for pack in (ROOT / "rules").glob("names*.toml"):
        if pack == OUT:
            continue
        data = tomllib.loads(pack.read_text(encoding="utf-8"))
        for entry in data.get("name", []):
            names.update(e.lower() for e in entry.get("english", []))
    return names


def plain_words(arabic):
    """Arabic letters and spaces only: CLDR also has «بيولا، داكوتا الشمالية»
    and «الكونغو - كينشاسا», which are descriptions, not names as news
    writes them."""
    return all(c == " " or "\u0621" <= c <= "\u064a" or c in "\u0622\u0623\u0625\u0629\u0649" for c in arabic)


def slug(english):
    ascii_only = english.lower().replace("&", "and")
    ascii_only = re.sub(r"[^a-z0-9]+", "-", ascii_only)
    return ascii_only.strip("-")


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    covered = covered_english()
    entries = []
    seen_arabic = set()
    for line in (CLDR / "territories.en-ar.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        code, en, ar = (line.split("\t") + ["", "", ""])[:3]
        if len(code) != 2 or code in SKIP_CODES or not ar or not plain_words(ar) or en.lower() in covered:
            continue
        entries.append(("country-" + slug(en), "place", ar, en))
        seen_arabic.add(ar)
    for line in (CLDR / "cities_from_timezones.en-ar.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        tz, en, _source, ar = (line.split("\t") + ["", "", "", ""])[:4]
        if tz.startswith("Etc/") or not ar or not plain_words(ar) or en.lower() in covered or ar in seen_arabic:
            continue
        entries.append(("city-" + slug(en), "place", ar, en))
        seen_arabic.add(ar)
    ids = set()
    out = [
        'about = """',
        "Countries, territories and cities with their canonical Arabic names, generated",
        "by scripts/names_from_cldr.py from Unicode CLDR 48.2 (territory names and",
        "time-zone exemplar cities; Unicode License v3, see",
        "shared/corpora/cldr-48.2-names-en-ar/LICENSE-Unicode-3.0.txt). CLDR gives",
        "one spelling per place and no wrong ones, so these entries report nothing",
        "by themselves: they give the near-miss rule its names. Places with known",
        "wrong spellings are written by hand in names-mena.toml instead.",
        '"""',
        "",
    ]
    for ident, kind, ar, en in entries:
        if ident in ids:
            continue
        ids.add(ident)
        out += ["[[name]]", f"id = {quote(ident)}", f'kind = "{kind}"', f"canonical = {quote(ar)}", f"english = [{quote(en)}]", ""]
    OUT.write_text("\n".join(out), encoding="utf-8")
    print(f"wrote {len(ids)} entries to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
