//! Embeds every rule pack under `rules/` into the binary, so mtlint works
//! from any directory without shipping data files next to it; and turns the
//! word-frequency list and the person-name list into static perfect-hash
//! tables (phf), so no run spends its start-up parsing 145,000 lines.
//! Each pack is also stored parsed, in postcard's binary form: parsing
//! 290 KB of TOML was half of every start-up; its names, the bulk of the
//! packs, are written as static Rust data instead, read in place with no
//! decoding at all; and its rule ids and its
//! examples' markers are checked, its literals checked and folded (with
//! the words and final teh marbutas of each literal's phrase), and its
//! regexes checked to parse and not to match the empty string, here rather
//! than at every start-up; those regexes, and the ones the checks search
//! every document with, are compiled to full DFAs that a run reads in
//! place. The pack types, the fold, the literal check, the empty-match
//! check and the regexes' sources and shape are the crate's own files,
//! compiled here too.

use std::fmt::Write;
use std::path::Path;

#[allow(dead_code)]
#[path = "src/applicability.rs"]
mod applicability;
#[allow(dead_code)]
#[path = "src/arabic/char_classes.rs"]
mod char_classes;
#[path = "src/rules/empty_match.rs"]
mod empty_match;
#[allow(dead_code)]
#[path = "src/rules/example_markers.rs"]
mod example_markers;
#[allow(dead_code)]
#[path = "src/arabic/word_hash.rs"]
mod word_hash;
// Clippy leaves the crate's exported `OffsetCursor::to_original` alone, but
// not a private copy of it.
#[path = "src/rules/builtin_regexes.rs"]
mod builtin_regexes;
#[allow(dead_code, clippy::wrong_self_convention)]
#[path = "src/arabic/fold.rs"]
mod fold;
#[allow(dead_code)]
#[path = "src/arabic/literal.rs"]
mod literal;
#[allow(dead_code)]
#[path = "src/rules/pack_format.rs"]
mod pack_format;
#[allow(dead_code)]
#[path = "src/rules/pack_str.rs"]
mod pack_str;
#[path = "src/rules/regex_shape.rs"]
mod regex_shape;
#[allow(dead_code)]
#[path = "src/severity.rs"]
mod severity;
#[allow(dead_code)]
#[path = "src/rules/spanned.rs"]
mod spanned;

/// What `pack_format.rs` names as `crate::diagnostic`.
mod diagnostic {
    pub use crate::applicability::Applicability;
    pub use crate::severity::Severity;
}

fn main() {
    link_at_a_fixed_address();
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    println!("cargo::rerun-if-changed={}", rules.display());
    let mut packs: Vec<_> = std::fs::read_dir(&rules)
        .expect("the rules/ directory exists")
        .map(|entry| entry.expect("readable rules/ entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    packs.sort();
    let mut code = String::from(
        "/// A rule pack bundled from `rules/`: name (`bundled:` and the file\n/// name), contents, parsed form, names.\npub type BundledPack = (&'static str, &'static str, Option<&'static [u8]>, &'static [crate::rules::pack::NameDef]);\n/// The rule packs bundled from `rules/`.\npub static BUNDLED_PACKS: &[BundledPack] = &[\n",
    );
    let out_dir = std::env::var("OUT_DIR").unwrap();
    let mut rule_count = 0;
    let mut literal_count = 0;
    let mut to_store: Vec<(String, bool)> = builtin_regexes::STORED
        .iter()
        .map(|regex| (regex.source.to_string(), regex.first_literals.is_some()))
        .collect();
    let mut names_code = String::new();
    for (k, pack) in packs.iter().enumerate() {
        println!("cargo::rerun-if-changed={}", pack.display());
        let name = pack.file_name().unwrap().to_string_lossy();
        let (parsed, names) = match prebuild(pack, Path::new(&out_dir)) {
            Some(Prebuilt {
                stored,
                rules,
                literals,
                sound_regexes,
                names,
            }) => {
                rule_count += rules;
                literal_count += literals;
                to_store.extend(sound_regexes.into_iter().map(|source| (source, false)));
                names_code.push_str(&names_source(&format!("NAMES_{k}"), &names));
                (
                    format!("Some(include_bytes!({:?}))", stored.display().to_string()),
                    format!("&NAMES_{k}"),
                )
            }
            None => ("None".to_string(), "&[]".to_string()),
        };
        writeln!(
            code,
            "    ({:?}, include_str!({:?}), {parsed}, {names}),",
            format!("bundled:{name}"),
            pack.display().to_string()
        )
        .unwrap();
    }
    code.push_str("];\n");
    code.push_str(&names_code);
    writeln!(
        code,
        "/// Every string the packs' parsed forms name, each once.\npub static PACK_STRINGS: &str = {:?};",
        pack_str::written_strings()
    )
    .unwrap();
    writeln!(
        code,
        "/// How many rules the prebuilt packs define, so the engine sizes its tables once.\npub const BUNDLED_RULES: usize = {rule_count};"
    )
    .unwrap();
    writeln!(
        code,
        "/// How many literals the prebuilt packs hold (each a phrase at most), so the phrase table is sized once.\npub const BUNDLED_LITERALS: usize = {literal_count};"
    )
    .unwrap();
    let out = Path::new(&out_dir).join("bundled_packs.rs");
    std::fs::write(out, code).expect("OUT_DIR is writable");
    word_tables(&rules.join("data"), Path::new(&out_dir));
    store_regexes(&to_store, Path::new(&out_dir));
}

/// A pack stored in its binary form.
struct Prebuilt {
    /// The file it is stored in.
    stored: std::path::PathBuf,
    /// How many rules it defines.
    rules: usize,
    /// How many literals it holds, glossary renderings included.
    literals: usize,
    /// Its `[[pattern]]` regexes that parse and cannot match the empty
    /// string.
    sound_regexes: Vec<String>,
    /// Its `[[name]]`s, left out of the binary form: they are written as
    /// static data ([`names_source`]).
    names: Vec<pack_format::NameDef>,
}

/// Parses a pack and writes its binary form beside the generated code. A
/// pack that does not parse, has a rule id that is not kebab-case, or has
/// an example whose `[[...]]` markers do not pair up, is left to the run,
/// which reports the mistake with its place in the file, as it does for
/// any pack; so the run need not check the ids and markers of a pack
/// stored here.
fn prebuild(pack: &Path, out_dir: &Path) -> Option<Prebuilt> {
    let text = std::fs::read_to_string(pack).ok()?;
    let mut parsed: pack_format::PackFile = toml::from_str(&text).ok()?;
    if !parsed.markers_pair_up() || !parsed.ids_are_kebab_case() {
        return None;
    }
    let rules = parsed.rule_ids().count();
    let glossary_literals: usize = parsed
        .glossary
        .iter()
        .flat_map(|g| &g.terms)
        .map(|t| t.arabic.len() + t.avoid.len())
        .sum();
    let literals = parsed.literals().count() + glossary_literals;
    // A literal that fails the check is left out, so the run reports it.
    let mut literal_folds: Vec<(u32, String, Option<String>, u64)> = parsed
        .literals()
        .filter_map(|l| {
            let folded = literal::validate_literal(l.get_ref()).ok()?;
            let (phrase, teh_marbuta) = literal::phrase_words(l.get_ref(), &folded);
            Some((u32::try_from(l.span().start).ok()?, folded, phrase, teh_marbuta))
        })
        .collect();
    literal_folds.sort_by_key(|&(at, ..)| at);
    literal_folds.dedup_by_key(|&mut (at, ..)| at);
    // A regex that fails is left to the run, which reports it; one that
    // passes can be built when first needed.
    let sound: Vec<_> = parsed
        .pattern
        .iter()
        .filter(|p| empty_match::can_match_empty(p.regex.get_ref()) == Some(false))
        .collect();
    let sound_sources = sound.iter().map(|p| p.regex.get_ref().to_string()).collect();
    let mut sound_regexes: Vec<u32> = sound
        .iter()
        .filter_map(|p| u32::try_from(p.regex.span().start).ok())
        .collect();
    sound_regexes.sort_unstable();
    let names = std::mem::take(&mut parsed.name).into_owned();
    let prebuilt = pack_format::PrebuiltPack {
        file: parsed,
        literal_folds: literal_folds
            .iter()
            // Written into the stored strings; this script ends soon after.
            .map(|(at, folded, phrase, teh_marbuta)| pack_format::CheckedLiteral {
                at: *at,
                folded: pack_str::StoredStr(folded.clone().leak()),
                phrase: pack_str::StoredStr(phrase.clone().unwrap_or_default().leak()),
                teh_marbuta: *teh_marbuta,
            })
            .collect(),
        sound_regexes,
    };
    let bytes = postcard::to_allocvec(&prebuilt).expect("a parsed pack serialises");
    let out = out_dir.join(pack.file_name()?).with_extension("postcard");
    std::fs::write(&out, bytes).expect("OUT_DIR is writable");
    Some(Prebuilt {
        stored: out,
        rules,
        literals,
        sound_regexes: sound_sources,
        names,
    })
}

/// A pack's names as Rust source: a static array named `name`, which a run
/// reads in place (`PackFile::name` borrows it). Decoding the 852 bundled
/// names from the binary form, each with its lists, was a third of
/// reading the packs at every start-up, and the compiling thread waited
/// for it (docs/performance.md, twenty-eighth stop). Each list is a static
/// of its own, as a static's value may borrow another static.
fn names_source(name: &str, names: &[pack_format::NameDef]) -> String {
    use pack_format::NameDef;
    use pack_str::PackStr;
    use spanned::Spanned;
    let text = |s: &PackStr| format!("crate::rules::pack_str::PackStr::from_static({:?})", s.as_str());
    let spanned = |s: &Spanned<PackStr>| {
        let span = s.span();
        format!(
            "crate::rules::spanned::Spanned::new({}..{}, {})",
            span.start,
            span.end,
            text(s.get_ref())
        )
    };
    let option = |value: Option<String>| value.map_or("None".to_string(), |v| format!("Some({v})"));
    let mut lists = String::new();
    let mut list = |what: String, of: &str, items: Vec<String>| -> String {
        if items.is_empty() {
            return "std::borrow::Cow::Borrowed(&[])".to_string();
        }
        writeln!(
            lists,
            "static {what}: [{of}; {}] = [{}];",
            items.len(),
            items.join(", ")
        )
        .unwrap();
        format!("std::borrow::Cow::Borrowed(&{what})")
    };
    const SPANNED: &str = "crate::rules::spanned::Spanned<crate::rules::pack_str::PackStr>";
    let mut entries = Vec::new();
    for (i, def) in names.iter().enumerate() {
        let NameDef {
            id,
            severity,
            message,
            explain,
            canonical,
            kind,
            english,
            variants,
            accepted,
            fix,
            examples,
        } = def;
        let all = |list: &[Spanned<PackStr>]| list.iter().map(spanned).collect::<Vec<_>>();
        entries.push(format!(
            "crate::rules::pack::NameDef {{ id: {}, severity: crate::diagnostic::Severity::{severity:?}, message: {}, explain: {}, canonical: {}, kind: {}, english: {}, variants: {}, accepted: {}, fix: crate::diagnostic::Applicability::{fix:?}, examples: crate::rules::pack::ExamplesDef {{ bad: {}, good: {} }} }}",
            spanned(id),
            option(message.as_ref().map(spanned)),
            option(explain.as_ref().map(text)),
            spanned(canonical),
            option(kind.as_ref().map(text)),
            list(
                format!("{name}_{i}_ENGLISH"),
                "crate::rules::pack_str::PackStr",
                english.iter().map(text).collect()
            ),
            list(format!("{name}_{i}_VARIANTS"), SPANNED, all(variants)),
            list(format!("{name}_{i}_ACCEPTED"), SPANNED, all(accepted)),
            list(format!("{name}_{i}_BAD"), SPANNED, all(&examples.bad)),
            list(format!("{name}_{i}_GOOD"), SPANNED, all(&examples.good)),
        ));
    }
    format!(
        "{lists}static {name}: [crate::rules::pack::NameDef; {}] = [\n    {}\n];\n",
        entries.len(),
        entries.join(",\n    ")
    )
}

/// Compiles each regex into the two full DFAs (forward, and reverse for
/// where a match starts) that `regex_automata::dfa::regex::Regex` searches
/// with, and writes them beside the generated code with the table that
/// names them (`stored_regexes.rs`; read by `src/rules/stored_regex.rs`).
/// A run then reads them in place instead of compiling the regexes:
/// compiling the bundled patterns and the two regexes every document needs
/// took about 2 ms of each start-up (docs/performance.md, twenty-sixth
/// stop). A regex whose DFAs would pass the size limit is not stored; the
/// run builds it as before.
fn store_regexes(regexes: &[(String, bool)], out_dir: &Path) {
    use regex_automata::dfa::{dense, regex::Regex};
    let big_endian = std::env::var("CARGO_CFG_TARGET_ENDIAN").is_ok_and(|e| e == "big");
    let mut code = String::from(
        "/// The regexes stored as full DFAs, found by their source.\npub static STORED_REGEXES: &[StoredDfas] = &[\n",
    );
    let mut seen = std::collections::HashSet::new();
    for (i, (source, prefiltered)) in regexes.iter().enumerate() {
        if !seen.insert(source) {
            continue;
        }
        let Ok(hir) = regex_syntax::parse(source) else {
            continue;
        };
        let shape = regex_shape::RegexShape::of(&hir);
        let config = dense::Config::new()
            .minimize(true)
            .specialize_start_states(*prefiltered)
            .dfa_size_limit(Some(STORED_DFA_LIMIT))
            .determinize_size_limit(Some(4 * STORED_DFA_LIMIT));
        let Ok(regex) = Regex::builder().dense(config).build(source) else {
            continue;
        };
        let mut files = Vec::new();
        for (side, dfa) in [("forward", regex.forward()), ("reverse", regex.reverse())] {
            let (bytes, padding) = if big_endian {
                dfa.to_bytes_big_endian()
            } else {
                dfa.to_bytes_little_endian()
            };
            let file = out_dir.join(format!("regex{i}.{side}.dfa"));
            std::fs::write(&file, &bytes[padding..]).expect("OUT_DIR is writable");
            files.push(file.display().to_string());
        }
        writeln!(
            code,
            "    StoredDfas {{ source: {source:?}, forward: aligned!({:?}), reverse: aligned!({:?}), shape: RegexShape {{ at_line_starts: {}, anchored_to_text: {} }} }},",
            files[0], files[1], shape.at_line_starts, shape.anchored_to_text
        )
        .unwrap();
    }
    code.push_str("];\n");
    std::fs::write(out_dir.join("stored_regexes.rs"), code).expect("OUT_DIR is writable");
}

/// The most a stored regex's forward DFA may take; the bundled regexes'
/// take 1-40 KB.
const STORED_DFA_LIMIT: usize = 256 << 10;

/// Lines of a data file that are not `#` comments.
fn data_lines(path: &Path) -> Vec<String> {
    println!("cargo::rerun-if-changed={}", path.display());
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A perfect-hash table of words as Rust source: the words in slot order
/// in one string, and for each slot one 64-bit record of where its word
/// starts in it, its length, its hash's fingerprint and its value. The
/// table needs no relocation per word when the binary loads (a `&'static
/// str` per word cost 145,000 relocations, 8 ms of every start-up), and a
/// look-up reads the word's bucket's pilot (one byte a bucket: 32 KB for
/// the lexicon, which the cache keeps) and then the record; the word
/// itself only when the fingerprint matches.
fn word_table(name: &str, words: &[&str], values: &[u16]) -> String {
    let state = phf_generator::ptrhash::generate_hash_with_hash_fn(words, |word, &seed| {
        word_hash::word_hash(word.as_bytes(), seed).hash
    });
    let mut blob = String::new();
    let mut slots = String::new();
    for &entry in &state.map {
        let word = words[entry];
        let start = blob.len();
        blob.push_str(word);
        assert!(blob.len() < 1 << 24, "{name}: the words take more than 16 MB");
        let len = u8::try_from(word.len()).unwrap_or_else(|_| panic!("{name}: {word:?} is longer than 255 bytes"));
        let fingerprint = word_hash::word_hash(word.as_bytes(), state.seed).fingerprint;
        let record =
            start as u64 | u64::from(len) << 24 | u64::from(fingerprint) << 32 | u64::from(values[entry]) << 48;
        write!(slots, "{record},").unwrap();
    }
    let numbers = |list: &mut dyn Iterator<Item = String>| list.collect::<Vec<_>>().join(",");
    format!(
        "pub static {name}: WordTable = WordTable {{ seed: {}, pilots: &[{}], remap: &[{}], words: {blob:?}, slots: &[{slots}] }};\n",
        state.seed,
        numbers(&mut state.pilots.iter().map(u8::to_string)),
        numbers(&mut state.remap.iter().map(u32::to_string)),
    )
}

fn word_tables(data: &Path, out_dir: &Path) {
    let frequencies = data_lines(&data.join("ar-word-frequency.tsv"));
    let mut words = Vec::new();
    let mut zipfs = Vec::new();
    for line in &frequencies {
        let (word, zipf) = line
            .split_once('\t')
            .unwrap_or_else(|| panic!("ar-word-frequency.tsv: no tab in {line:?}"));
        let zipf: f32 = zipf
            .parse()
            .unwrap_or_else(|e| panic!("ar-word-frequency.tsv: {zipf:?}: {e}"));
        words.push(word);
        zipfs.push(zipf);
    }
    // Zipf values have two decimals: kept as hundredths.
    let hundredths: Vec<u16> = zipfs.iter().map(|zipf| (zipf * 100.0).round() as u16).collect();
    let mut code = word_table("LEXICON", &words, &hundredths);
    let names = data_lines(&data.join("person-name-tokens.txt"));
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    code.push_str(&word_table("PERSON_NAMES", &names, &vec![0; names.len()]));
    std::fs::write(out_dir.join("word_tables.rs"), code).expect("OUT_DIR is writable");
}

/// Links the `mtlint` executable at a fixed address (not position
/// independent) on Linux. A position-independent executable carries 20,000
/// relocations (pointers in the dependencies' tables and panic locations)
/// that the loader applies at every start, writing a private copy of each
/// page they are on; linked at a fixed address there are about a hundred.
/// An empty file's run: 6.47 -> 6.04 ms, 1,172 -> 1,071 page faults
/// (docs/performance.md, eighteenth stop). The code itself is compiled as
/// before, so the library and the test binaries are unchanged.
///
/// Not for a statically linked build (`-C target-feature=+crt-static`):
/// rustc then links a static position-independent executable itself, and
/// `-no-pie` on top of that made a binary that crashed in the loader
/// before `main` (docs/performance.md, twenty-fourth stop).
fn link_at_a_fixed_address() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let features = std::env::var("CARGO_CFG_TARGET_FEATURE").unwrap_or_default();
    let static_crt = features.split(',').any(|f| f == "crt-static");
    if os == "linux" && env == "gnu" && !static_crt {
        println!("cargo::rustc-link-arg-bins=-no-pie");
    }
}
