//! The TOML format of rule packs, and reading packs with errors that point
//! into the file.

pub use super::pack_format::*;
use super::pack_str::PackStr;
use crate::arabic::word_matcher::PhraseSpec;
use std::borrow::Cow;
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A rule pack's text and where it came from.
#[derive(Debug, Clone, Default)]
pub struct PackSource {
    /// Shown in errors and `mtlint rules`: `bundled:terms.toml` or a path.
    pub name: PackStr,
    /// Borrowed for a bundled pack: copying the packs' 290 KB of TOML cost
    /// each start-up about 70 fresh pages.
    pub text: Cow<'static, str>,
    /// The bundled packs' parsed form, made from `text` by `build.rs`
    /// (parsing the TOML was half of every start-up). `build.rs` stores it
    /// only for a pack whose examples' markers all pair up, so a pack that
    /// has it needs no marker check at run time.
    pub prebuilt: Option<Prebuilt>,
}

/// A pack's parsed form as `build.rs` stores it: its binary form, the
/// strings that form names ([`pack_str`](super::pack_str)), and its names,
/// which `build.rs` writes as static data instead (see [`PackFile::name`]).
#[derive(Debug, Clone, Copy)]
pub struct Prebuilt {
    pub bytes: &'static [u8],
    pub strings: &'static str,
    pub names: &'static [NameDef],
}

impl Prebuilt {
    pub fn read(&self) -> Result<PrebuiltPack, postcard::Error> {
        let mut pack: PrebuiltPack =
            super::pack_str::reading_stored(self.strings, || postcard::from_bytes(self.bytes))?;
        pack.file.name = Cow::Borrowed(self.names);
        Ok(pack)
    }
}

impl PackSource {
    pub fn new(name: impl Into<PackStr>, text: impl Into<Cow<'static, str>>) -> Self {
        PackSource {
            name: name.into(),
            text: text.into(),
            prebuilt: None,
        }
    }
}

/// A mistake in a rule pack, located in the file. Boxed: it is the error
/// of every compile step and should not bloat their results.
#[derive(Debug, Clone)]
pub struct PackError(Box<PackErrorDetail>);

#[derive(Debug, Clone)]
pub struct PackErrorDetail {
    pub pack: PackStr,
    pub text: Cow<'static, str>,
    pub span: Option<Range<usize>>,
    pub message: String,
    pub label: String,
    pub note: Option<String>,
}

impl std::ops::Deref for PackError {
    type Target = PackErrorDetail;
    fn deref(&self) -> &PackErrorDetail {
        &self.0
    }
}

impl PackError {
    pub fn new(pack: &PackSource, span: Option<Range<usize>>, message: impl Into<String>) -> Self {
        PackError(Box::new(PackErrorDetail {
            pack: pack.name.clone(),
            text: pack.text.clone(),
            span,
            message: message.into(),
            label: String::new(),
            note: None,
        }))
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.0.label = label.into();
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.0.note = Some(note.into());
        self
    }
}

impl std::fmt::Display for PackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.span {
            Some(span) => {
                let line = self.text[..span.start].matches('\n').count() + 1;
                write!(f, "{}:{}: {}", self.pack, line, self.message)
            }
            None => write!(f, "{}: {}", self.pack, self.message),
        }
    }
}

pub fn parse(pack: &PackSource) -> Result<PackFile, PackError> {
    parse_prechecked(pack).map(|(file, _)| file)
}

/// What `build.rs` checked of a bundled pack, so its run need not.
#[derive(Debug, Default)]
pub struct Prechecked {
    pub folds: LiteralFolds,
    pub sound_regexes: SoundRegexes,
}

/// [`parse`], with what a bundled pack was stored with (nothing for a pack
/// read from its TOML).
pub fn parse_prechecked(pack: &PackSource) -> Result<(PackFile, Prechecked), PackError> {
    if let Some(prebuilt) = pack.prebuilt.and_then(|prebuilt| prebuilt.read().ok()) {
        let checked = Prechecked {
            folds: LiteralFolds(prebuilt.literal_folds),
            sound_regexes: SoundRegexes(prebuilt.sound_regexes),
        };
        return Ok((prebuilt.file, checked));
    }
    let file = toml::from_str(&pack.text).map_err(|e| {
        PackError::new(pack, e.span(), format!("invalid rule file: {}", e.message().trim()))
            .with_label(e.message().trim().lines().next().unwrap_or_default().to_string())
    })?;
    Ok((file, Prechecked::default()))
}

/// A part of a fold (a word of it, say): a slice of the stored fold when
/// the fold is stored, so the name lists other rules read copy nothing.
pub fn part_of_fold(folded: Cow<'static, str>, part: impl for<'a> FnOnce(&'a str) -> &'a str) -> Cow<'static, str> {
    match folded {
        Cow::Borrowed(folded) => Cow::Borrowed(part(folded)),
        Cow::Owned(folded) => Cow::Owned(part(&folded).to_string()),
    }
}

/// The `[[pattern]]` regexes of a pack that `build.rs` found to parse and
/// not to match the empty string (see [`PrebuiltPack`]). Such a regex need
/// not be built before its rule compiles: building the bundled four was a
/// twentieth of every start-up, and the thread compiling the rules waited
/// for it.
#[derive(Debug, Default)]
pub struct SoundRegexes(Vec<u32>);

impl SoundRegexes {
    pub fn contains(&self, regex: &super::spanned::Spanned<PackStr>) -> bool {
        u32::try_from(regex.span().start).is_ok_and(|at| self.0.binary_search(&at).is_ok())
    }
}

/// The folded form of each literal of a pack that `build.rs` checked
/// (see [`PrebuiltPack`]), with what a phrase of it looks for: checking and
/// folding the bundled packs' 2,500 literals was a quarter of compiling
/// them at every start-up.
#[derive(Debug, Default)]
pub struct LiteralFolds(Vec<CheckedLiteral>);

impl LiteralFolds {
    /// What `build.rs` made of a literal of this pack, if it checked it.
    /// Literals are told apart by where they are written.
    pub fn get(&self, literal: &super::spanned::Spanned<PackStr>) -> Option<&CheckedLiteral> {
        let at = u32::try_from(literal.span().start).ok()?;
        let i = self.0.binary_search_by_key(&at, |checked| checked.at).ok()?;
        Some(&self.0[i])
    }

    /// A literal's fold, stored or made now, without the check (for the
    /// name lists other rules read, which take names whether or not their
    /// own rules compile).
    pub fn folded(&self, literal: &super::spanned::Spanned<PackStr>) -> Cow<'static, str> {
        match self.get(literal) {
            Some(checked) => Cow::Borrowed(checked.folded.0),
            None => Cow::Owned(crate::arabic::fold::fold_literal(literal.get_ref())),
        }
    }

    /// A literal's folded form: the stored one, or the literal checked
    /// now ([`validate_literal`](crate::arabic::literal::validate_literal),
    /// which gives the reason it fails).
    pub fn fold(&self, literal: &super::spanned::Spanned<PackStr>) -> Result<Cow<'static, str>, String> {
        match self.get(literal) {
            Some(checked) => Ok(Cow::Borrowed(checked.folded.0)),
            None => crate::arabic::literal::validate_literal(literal.get_ref()).map(Cow::Owned),
        }
    }

    /// A literal's fold ([`LiteralFolds::fold`]) and the phrase it looks
    /// for: the stored ones, found with one look-up, or made now.
    pub fn fold_with_phrase(
        &self,
        literal: &super::spanned::Spanned<PackStr>,
        clitics: crate::arabic::clitics::CliticPolicy,
    ) -> Result<(Cow<'static, str>, PhraseSpec), String> {
        match self.get(literal) {
            Some(checked) => Ok((Cow::Borrowed(checked.folded.0), PhraseSpec::checked(checked, clitics))),
            None => {
                let folded = crate::arabic::literal::validate_literal(literal.get_ref())?;
                let phrase = PhraseSpec::with_fold(literal.get_ref(), &folded, clitics);
                Ok((Cow::Owned(folded), phrase))
            }
        }
    }
}

/// Reads the packs at `path`: a `.toml` file, or every `.toml` file in a
/// directory (sorted by name, not recursive).
pub fn read_packs(path: &Path) -> Result<Vec<PackSource>, PackError> {
    let io_error = |p: &Path, e: std::io::Error| {
        let source = PackSource::new(p.display().to_string(), "");
        PackError::new(&source, None, format!("cannot read rule pack: {e}"))
    };
    let files: Vec<PathBuf> = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| io_error(path, e))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "toml"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(io_error(
                path,
                std::io::Error::new(std::io::ErrorKind::NotFound, "no .toml files in this directory"),
            ));
        }
        files
    } else {
        vec![path.to_path_buf()]
    };
    files
        .into_iter()
        .map(|file| {
            if crate::termbase::Format::of(&file).is_some() {
                // Read when the rule imports it; one that is not there is
                // reported as a missing pack.
                std::fs::metadata(&file).map_err(|e| io_error(&file, e))?;
                return Ok(glossary_pack(&file));
            }
            let bytes = std::fs::read(&file).map_err(|e| io_error(&file, e))?;
            let text = String::from_utf8(bytes).map_err(|e| {
                io_error(
                    &file,
                    std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        format!("invalid UTF-8 at byte {}", e.utf8_error().valid_up_to()),
                    ),
                )
            })?;
            Ok(PackSource::new(file.display().to_string(), text))
        })
        .collect()
}

/// A glossary file given where a rule pack goes (`--rules newsroom.tbx`,
/// `rules = ["newsroom.tsv"]`): a pack of one `[[glossary]]` rule that
/// imports it, with the id `glossary-<file stem>`.
pub fn glossary_pack(file: &Path) -> PackSource {
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let words: Vec<&str> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let id = if words.is_empty() {
        "glossary".to_string()
    } else {
        format!("glossary-{}", words.join("-"))
    };
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut rule = toml::Table::new();
    rule.insert("id".into(), toml::Value::String(id));
    rule.insert("import".into(), toml::Value::Array(vec![toml::Value::String(name)]));
    let mut pack = toml::Table::new();
    pack.insert("glossary".into(), toml::Value::Array(vec![toml::Value::Table(rule)]));
    PackSource::new(
        file.display().to_string(),
        toml::to_string(&pack).expect("a table serialises"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pack_str::StoredStr;

    #[test]
    fn a_glossary_file_is_a_pack_of_one_rule() {
        let pack = glossary_pack(Path::new("team/News Room.v2.tbx"));
        assert_eq!(pack.name, "team/News Room.v2.tbx");
        let file = parse(&pack).unwrap();
        assert_eq!(file.glossary[0].id.get_ref(), "glossary-news-room-v2");
        assert_eq!(file.glossary[0].import[0].get_ref(), "News Room.v2.tbx");
    }

    fn source(text: &str) -> PackSource {
        PackSource::new("test.toml", text.to_string())
    }

    #[test]
    fn every_bundled_pack_is_prebuilt_as_its_toml_parses() {
        for pack in crate::engine::bundled_packs() {
            // A pack that does not parse has no prebuilt form: say why.
            let from_toml: PackFile = toml::from_str(&pack.text).unwrap_or_else(|e| panic!("{}: {e}", pack.name));
            let prebuilt = pack
                .prebuilt
                .unwrap_or_else(|| panic!("{} parses but has no prebuilt form", pack.name));
            let from_binary = prebuilt.read().expect("the prebuilt form reads back");
            // Debug shows every value and span.
            assert_eq!(
                format!("{:?}", from_binary.file),
                format!("{from_toml:?}"),
                "{}",
                pack.name
            );
        }
    }

    /// The names are read in place from the binary's static data, not
    /// decoded: the binary form leaves them out, and the parsed pack
    /// borrows them.
    #[test]
    fn a_bundled_pack_borrows_its_names_from_static_data() {
        let mut names = 0;
        for pack in crate::engine::bundled_packs() {
            let prebuilt = pack.prebuilt.expect("every bundled pack is prebuilt");
            let stored: PrebuiltPack =
                crate::rules::pack_str::reading_stored(prebuilt.strings, || postcard::from_bytes(prebuilt.bytes))
                    .expect("the binary form reads back");
            assert!(stored.file.name.is_empty(), "{}: names in the binary form", pack.name);
            let (file, _) = parse_prechecked(&pack).unwrap();
            assert!(matches!(file.name, Cow::Borrowed(_)), "{}", pack.name);
            for def in file.name.iter() {
                assert!(
                    matches!(def.english, Cow::Borrowed(_)),
                    "{}: {}",
                    pack.name,
                    def.id.get_ref()
                );
                for list in [&def.variants, &def.accepted, &def.examples.bad, &def.examples.good] {
                    assert!(matches!(list, Cow::Borrowed(_)), "{}: {}", pack.name, def.id.get_ref());
                }
            }
            names += file.name.len();
        }
        assert!(names > 800, "{names} names");
        // A pack read from its TOML owns what it parsed.
        let (file, _) = parse_prechecked(&source(
            "[[name]]\nid = \"x\"\ncanonical = \"حلب\"\nvariants = [\"حلبا\"]\n",
        ))
        .unwrap();
        assert!(matches!(file.name, Cow::Owned(_)));
        assert_eq!(file.name[0].variants[0].get_ref(), "حلبا");
    }

    #[test]
    fn a_bundled_pack_stores_the_fold_and_phrase_of_each_literal_that_passes_the_check() {
        let mut stored = 0;
        let clitics = crate::arabic::clitics::CliticPolicy {
            prefixes: true,
            suffixes: false,
            article: true,
        };
        for pack in crate::engine::bundled_packs() {
            let (file, checked) = parse_prechecked(&pack).unwrap();
            let folds = checked.folds;
            for literal in file.literals() {
                let now = crate::arabic::literal::validate_literal(literal.get_ref()).ok();
                let at = || format!("{}: «{}»", pack.name, literal.get_ref());
                assert_eq!(folds.get(literal).map(|c| c.folded.0), now.as_deref(), "{}", at());
                let stored_form = folds.fold_with_phrase(literal, clitics);
                if let Some(folded) = &now {
                    // What the run would make of the literal, made at build time.
                    let made_now = PhraseSpec::with_fold(literal.get_ref(), folded, clitics);
                    assert_eq!(stored_form, Ok((Cow::Borrowed(folded.as_str()), made_now)), "{}", at());
                }
                assert_eq!(
                    stored_form.as_ref().ok().map(|(f, _)| f.clone()),
                    folds.fold(literal).ok(),
                    "{}",
                    at()
                );
                // And a literal not stored, what the run makes of it now.
                let unstored = LiteralFolds::default().fold_with_phrase(literal, clitics);
                assert_eq!(unstored, stored_form, "{}", at());
                stored += usize::from(now.is_some());
            }
        }
        // Terms, context words and names' spellings: about 2,500.
        assert!(stored > 2000, "{stored} folds stored");
    }

    /// A word of marks alone folds to nothing, so the phrase's words are
    /// not the literal's fold: the stored phrase says so.
    #[test]
    fn a_stored_phrase_keeps_a_word_of_marks_alone_apart() {
        let literal = "كلمة \u{064E} أخرى";
        let folded = crate::arabic::literal::validate_literal(literal).unwrap();
        let (phrase, teh_marbuta) = crate::arabic::literal::phrase_words(literal, &folded);
        let phrase = phrase.expect("three words, two folded");
        assert_ne!(phrase, folded);
        let stored: &'static str = Box::leak(phrase.into_boxed_str());
        let folded: &'static str = Box::leak(folded.into_boxed_str());
        let checked = CheckedLiteral {
            at: 0,
            folded: StoredStr(folded),
            phrase: StoredStr(stored),
            teh_marbuta,
        };
        assert_eq!(checked.phrase(), stored);
        assert_eq!(
            CheckedLiteral {
                phrase: StoredStr(""),
                ..checked
            }
            .phrase(),
            folded
        );
        let clitics = crate::arabic::clitics::CliticPolicy::default();
        assert_eq!(
            PhraseSpec::checked(&checked, clitics),
            PhraseSpec::with_fold(literal, folded, clitics)
        );
        assert_eq!(teh_marbuta, 1);
    }

    #[test]
    fn a_pack_read_from_its_toml_has_no_folds_and_its_literals_are_checked() {
        let text = "[[term]]\nid = \"x\"\nmessage = \"m\"\nfind = [\"كلمة\", \"ب\"]\n";
        let (file, checked) = parse_prechecked(&source(text)).unwrap();
        let folds = checked.folds;
        let literals: Vec<_> = file.literals().collect();
        assert_eq!(literals.len(), 2);
        assert!(literals.iter().all(|l| folds.get(l).is_none()));
        assert_eq!(folds.fold(literals[0]).as_deref(), Ok("كلمه"));
        assert!(folds.fold(literals[1]).unwrap_err().contains("too short"));
    }

    #[test]
    fn a_bundled_pack_marks_the_regexes_that_build_and_cannot_match_empty() {
        let mut sound = 0;
        for pack in crate::engine::bundled_packs() {
            let (file, checked) = parse_prechecked(&pack).unwrap();
            for def in &file.pattern {
                let crate::rules::pattern::PreparedRegex::Built { regex, can_match_empty } =
                    crate::rules::pattern::prepare(def)
                else {
                    unreachable!("prepare builds")
                };
                // A regex marked sound is built only when first needed, and
                // a failure then is a panic: every marked one must build.
                let builds = regex.is_ok() && !can_match_empty;
                assert_eq!(
                    checked.sound_regexes.contains(&def.regex),
                    builds,
                    "{}: {}",
                    pack.name,
                    def.regex.get_ref()
                );
                sound += usize::from(builds);
            }
        }
        assert!(sound >= 4, "{sound} sound regexes");
    }

    #[test]
    fn a_pack_read_from_its_toml_has_every_regex_checked_as_it_compiles() {
        let text = "[[pattern]]\nid = \"x\"\nmessage = \"m\"\nregex = 'a+'\n\n[[pattern]]\nid = \"y\"\nmessage = \"m\"\nregex = 'b*'\n";
        let (file, checked) = parse_prechecked(&source(text)).unwrap();
        assert!(file.pattern.iter().all(|p| !checked.sound_regexes.contains(&p.regex)));
        let errors = crate::engine::Engine::new(&[source(text), source("")]).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "regex can match the empty string");
        assert_eq!(&text[errors[0].span.clone().expect("span")], "'b*'");
    }

    /// A term whose bad example opens a marker it never closes.
    const BROKEN_MARKERS: &str = "[[term]]\nid = \"x\"\nmessage = \"m\"\nfind = [\"كلمة\"]\nexamples = { bad = [\"[[كلمة\"], good = [\"نص\"] }\n";

    #[test]
    fn a_bundled_pack_is_stored_only_with_markers_that_pair_up_and_kebab_case_ids() {
        // The run skips the marker and id checks of a prebuilt pack on
        // this promise.
        for pack in crate::engine::bundled_packs() {
            let parsed = parse(&pack).unwrap();
            assert!(parsed.markers_pair_up(), "{}", pack.name);
            assert!(parsed.ids_are_kebab_case(), "{}", pack.name);
        }
        let bad_id = BROKEN_MARKERS
            .replace("[[كلمة\"", "[[كلمة]]\"")
            .replace("id = \"x\"", "id = \"X_1\"");
        assert!(!parse(&source(&bad_id)).unwrap().ids_are_kebab_case());
        let errors = crate::engine::Engine::new(&[source(&bad_id)]).unwrap_err();
        assert_eq!(errors[0].message, "rule id «X_1» is not kebab-case");
        assert!(!parse(&source(BROKEN_MARKERS)).unwrap().markers_pair_up());
        let fine = BROKEN_MARKERS.replace("[[كلمة\"", "[[كلمة]]\"");
        assert!(parse(&source(&fine)).unwrap().markers_pair_up());
    }

    #[test]
    fn a_pack_from_disk_has_its_markers_checked_and_located() {
        let errors = crate::engine::Engine::new(&[source(BROKEN_MARKERS)]).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].message, "malformed example");
        assert_eq!(&BROKEN_MARKERS[errors[0].span.clone().expect("span")], "\"[[كلمة\"");
    }

    #[test]
    fn unknown_key_is_located() {
        let text = "[[term]]\nid = \"x\"\nmessage = \"m\"\nfind = [\"كلمة\"]\nfindd = 1\n";
        let err = parse(&source(text)).unwrap_err();
        let span = err.span.clone().expect("span");
        assert_eq!(&text[span], "findd");
        assert!(err.message.contains("findd"), "{}", err.message);
        assert_eq!(err.to_string().split(':').nth(1), Some("5"));
    }

    #[test]
    fn bad_severity_is_an_error() {
        let text = "[[term]]\nid = \"x\"\nseverity = \"fatal\"\nmessage = \"m\"\nfind = [\"كلمة\"]\n";
        assert!(parse(&source(text)).is_err());
    }
}
