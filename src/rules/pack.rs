//! The TOML format of rule packs, and reading packs with errors that point
//! into the file.

use crate::diagnostic::{Applicability, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use toml::Spanned;

/// One rule file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    /// Free text: where the pack's facts come from.
    #[serde(default)]
    pub about: Option<String>,
    #[serde(default)]
    pub term: Vec<TermDef>,
    #[serde(default)]
    pub name: Vec<NameDef>,
    #[serde(default)]
    pub pattern: Vec<PatternDef>,
    #[serde(default)]
    pub consistency: Vec<ConsistencyDef>,
    #[serde(default)]
    pub near_miss: Vec<NearMissDef>,
    #[serde(default)]
    pub url: Vec<CheckDef>,
    #[serde(default)]
    pub punctuation: Vec<CheckDef>,
    #[serde(default)]
    pub direction: Vec<CheckDef>,
    #[serde(default)]
    pub untranslated: Vec<CheckDef>,
    #[serde(default)]
    pub repetition: Vec<CheckDef>,
    #[serde(default)]
    pub numbers: Vec<CheckDef>,
    #[serde(default)]
    pub source: Vec<CheckDef>,
    #[serde(default)]
    pub glossary: Vec<GlossaryDef>,
}

impl PackFile {
    /// The id of every rule in the file.
    pub fn rule_ids(&self) -> impl Iterator<Item = &str> {
        let checks = [
            &self.url,
            &self.punctuation,
            &self.direction,
            &self.untranslated,
            &self.repetition,
            &self.numbers,
            &self.source,
        ];
        self.term
            .iter()
            .map(|d| d.id.get_ref().as_str())
            .chain(self.name.iter().map(|d| d.id.get_ref().as_str()))
            .chain(self.pattern.iter().map(|d| d.id.get_ref().as_str()))
            .chain(self.consistency.iter().map(|d| d.id.get_ref().as_str()))
            .chain(self.near_miss.iter().map(|d| d.id.get_ref().as_str()))
            .chain(self.glossary.iter().map(|d| d.id.get_ref().as_str()))
            .chain(checks.into_iter().flatten().map(|d| d.id.get_ref().as_str()))
    }

    /// Drops the rules `keep` does not take, except names: other rules read
    /// the name list whether or not the name rules themselves run.
    pub fn retain_rules(&mut self, keep: &dyn Fn(&str) -> bool) {
        self.term.retain(|d| keep(d.id.get_ref()));
        self.pattern.retain(|d| keep(d.id.get_ref()));
        self.consistency.retain(|d| keep(d.id.get_ref()));
        self.near_miss.retain(|d| keep(d.id.get_ref()));
        self.glossary.retain(|d| keep(d.id.get_ref()));
        for family in [
            &mut self.url,
            &mut self.punctuation,
            &mut self.direction,
            &mut self.untranslated,
            &mut self.repetition,
            &mut self.numbers,
            &mut self.source,
        ] {
            family.retain(|d| keep(d.id.get_ref()));
        }
    }
}

/// `[[glossary]]`: English terms and the Arabic renderings a newsroom
/// requires, checked against the original when it is at hand; listed in
/// `terms` or imported from TBX/CSV/TSV files.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GlossaryDef {
    pub id: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    #[serde(default)]
    pub message: Option<Spanned<String>>,
    #[serde(default)]
    pub explain: Option<String>,
    #[serde(default)]
    pub terms: Vec<GlossaryTermDef>,
    /// Glossary files relative to the pack: `.tbx`, `.csv`, `.tsv`.
    #[serde(default)]
    pub import: Vec<Spanned<String>>,
    /// Replacing a forbidden rendering with the required one may need the
    /// sentence's agreement redone, so the fix is unsafe unless asked.
    #[serde(default = "unsafe_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GlossaryTermDef {
    pub english: Spanned<String>,
    pub arabic: Vec<Spanned<String>>,
    #[serde(default)]
    pub avoid: Vec<Spanned<String>>,
}

fn unsafe_fix() -> Applicability {
    Applicability::Unsafe
}

/// `[[near-miss]]`: a gazetteer name's last word misspelt after its first
/// word(s), beyond the listed wrong spellings.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NearMissDef {
    pub id: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    #[serde(default)]
    pub explain: Option<String>,
    /// Letters that may differ (inserted, deleted or replaced).
    #[serde(default = "default_max_edits")]
    pub max_edits: usize,
    #[serde(default = "default_min_letters")]
    pub min_letters: usize,
    /// Check one-word organisations and places instead of people's
    /// surnames (`near_miss_word`).
    #[serde(default)]
    pub single_word: bool,
    #[serde(default)]
    pub examples: ExamplesDef,
}

fn default_max_edits() -> usize {
    2
}

/// A built-in check of one family (`[[url]]`, `[[punctuation]]`, ...):
/// `check` names which one, `options` tunes it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckDef {
    pub id: Spanned<String>,
    pub check: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    #[serde(default)]
    pub explain: Option<String>,
    #[serde(default)]
    pub options: Option<Spanned<toml::Table>>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub examples: ExamplesDef,
}

/// `examples = { bad = [...], good = [...] }`: `bad` texts must trigger the
/// rule, each `[[marked]]` span exactly; `good` texts must not trigger it.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    #[serde(default)]
    pub bad: Vec<Spanned<String>>,
    #[serde(default)]
    pub good: Vec<Spanned<String>>,
}

/// Words that must (or must not) be near a term for it to be reported.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContextDef {
    /// At least one of these within the window.
    #[serde(default)]
    pub near: Vec<Spanned<String>>,
    /// None of these within the window.
    #[serde(default)]
    pub not_near: Vec<Spanned<String>>,
    /// One of these is the very next word.
    #[serde(default)]
    pub followed_by: Vec<Spanned<String>>,
    /// One of these is the word just before.
    #[serde(default)]
    pub preceded_by: Vec<Spanned<String>>,
    /// None of these is the very next word.
    #[serde(default)]
    pub not_followed_by: Vec<Spanned<String>>,
    /// The next word is a transliterated person name (a surname).
    #[serde(default)]
    pub followed_by_name: bool,
    /// The word before is a transliterated person name (a given name).
    #[serde(default)]
    pub preceded_by_name: bool,
    /// For `followed-by-name`/`preceded-by-name`: a name written the Arabic
    /// way (ending in ة, or with the article) does not count. For a word
    /// that is also an Arabic given name («أمل» Amal), so an Arab family
    /// name after it («أمل عرفة») is not taken for a foreign surname.
    #[serde(default)]
    pub foreign_name_only: bool,
    /// Window size in words on each side; without it, the sentence.
    #[serde(default)]
    pub within: Option<Spanned<usize>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TermDef {
    pub id: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    #[serde(default)]
    pub explain: Option<String>,
    pub find: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    pub suggest: Vec<String>,
    /// Literal → replacement, for the literals whose repair is certain.
    #[serde(default)]
    pub replace: Option<Spanned<BTreeMap<String, String>>>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub context: Option<ContextDef>,
    /// With the English original at hand: report only when its paired
    /// segment says one of these (and then regardless of `context`).
    #[serde(default)]
    pub source_near: Vec<String>,
    /// With the English original at hand: never when its paired segment
    /// says one of these.
    #[serde(default)]
    pub source_not_near: Vec<String>,
    #[serde(default = "yes")]
    pub prefixes: bool,
    #[serde(default = "yes")]
    pub suffixes: bool,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NameDef {
    pub id: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// Without it: "«{found}» is a misspelling of {canonical}".
    #[serde(default)]
    pub message: Option<Spanned<String>>,
    #[serde(default)]
    pub explain: Option<String>,
    pub canonical: Spanned<String>,
    /// person, place or organisation.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub english: Vec<String>,
    /// Wrong spellings MT produces; each is reported.
    #[serde(default)]
    pub variants: Vec<Spanned<String>>,
    /// Other correct spellings; never reported.
    #[serde(default)]
    pub accepted: Vec<Spanned<String>>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternDef {
    pub id: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    #[serde(default)]
    pub explain: Option<String>,
    pub regex: Spanned<String>,
    /// Match the original text (default) or the folded view.
    #[serde(default)]
    pub on: MatchOn,
    /// The match must start and end at an Arabic-aware word boundary.
    #[serde(default)]
    pub word: bool,
    /// Longer matches (in characters) are not reported. A bounded
    /// repetition such as `[^<>]{0,200}` compiles two hundred copies of its
    /// class (milliseconds at every start); `[^<>]*` with a maximum length
    /// says the same at a fraction of the cost.
    #[serde(default, rename = "max-length")]
    pub max_length: Option<Spanned<usize>>,
    /// Replacement template ($1, ${name}) that makes the fix.
    #[serde(default)]
    pub replace: Option<String>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub suggest: Vec<String>,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchOn {
    #[default]
    Original,
    Folded,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConsistencyDef {
    pub id: Spanned<String>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<String>,
    #[serde(default)]
    pub explain: Option<String>,
    /// Shortest word (in letters, clitics removed) compared.
    #[serde(default = "default_min_letters")]
    pub min_letters: usize,
    #[serde(default)]
    pub examples: ExamplesDef,
}

fn default_severity() -> Severity {
    Severity::Warning
}

fn default_fix() -> Applicability {
    Applicability::Safe
}

fn yes() -> bool {
    true
}

fn default_min_letters() -> usize {
    4
}

/// A rule pack's text and where it came from.
#[derive(Debug, Clone, Default)]
pub struct PackSource {
    /// Shown in errors and `mtlint rules`: `bundled:terms.toml` or a path.
    pub name: String,
    pub text: String,
}

/// A mistake in a rule pack, located in the file. Boxed: it is the error
/// of every compile step and should not bloat their results.
#[derive(Debug, Clone)]
pub struct PackError(Box<PackErrorDetail>);

#[derive(Debug, Clone)]
pub struct PackErrorDetail {
    pub pack: String,
    pub text: String,
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
    toml::from_str(&pack.text).map_err(|e| {
        PackError::new(pack, e.span(), format!("invalid rule file: {}", e.message().trim()))
            .with_label(e.message().trim().lines().next().unwrap_or_default().to_string())
    })
}

/// Reads the packs at `path`: a `.toml` file, or every `.toml` file in a
/// directory (sorted by name, not recursive).
pub fn read_packs(path: &Path) -> Result<Vec<PackSource>, PackError> {
    let io_error = |p: &Path, e: std::io::Error| {
        let source = PackSource {
            name: p.display().to_string(),
            text: String::new(),
        };
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
            Ok(PackSource {
                name: file.display().to_string(),
                text,
            })
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
    PackSource {
        name: file.display().to_string(),
        text: toml::to_string(&pack).expect("a table serialises"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_glossary_file_is_a_pack_of_one_rule() {
        let pack = glossary_pack(Path::new("team/News Room.v2.tbx"));
        assert_eq!(pack.name, "team/News Room.v2.tbx");
        let file = parse(&pack).unwrap();
        assert_eq!(file.glossary[0].id.get_ref(), "glossary-news-room-v2");
        assert_eq!(file.glossary[0].import[0].get_ref(), "News Room.v2.tbx");
    }

    fn source(text: &str) -> PackSource {
        PackSource {
            name: "test.toml".into(),
            text: text.into(),
        }
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
