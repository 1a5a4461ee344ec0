//! The TOML format of rule packs: what a rule file may say. Compiled into
//! `build.rs` as well, which stores the bundled packs pre-parsed, so this
//! file names nothing of the crate but the severity and fix levels, the
//! spanned value and the example markers' check.

use super::example_markers::check_markers;
use super::pack_str::{PackStr, StoredStr};
use super::spanned::Spanned;
use crate::diagnostic::{Applicability, Severity};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// One rule file as written.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    /// Free text: where the pack's facts come from.
    #[serde(default)]
    pub about: Option<PackStr>,
    #[serde(default)]
    pub term: Vec<TermDef>,
    /// Borrowed for a bundled pack: `build.rs` writes its names as static
    /// data, which a run reads in place instead of decoding 852 of them.
    #[serde(default)]
    pub name: Cow<'static, [NameDef]>,
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
    pub fn rule_ids(&self) -> impl Iterator<Item = &PackStr> {
        self.rules().map(|(id, _)| id.get_ref())
    }

    /// Whether every rule id is kebab-case ([`is_kebab_case`]).
    pub fn ids_are_kebab_case(&self) -> bool {
        self.rule_ids().all(|id| is_kebab_case(id))
    }

    /// Whether the `[[...]]` markers of every rule's examples pair up.
    pub fn markers_pair_up(&self) -> bool {
        self.rules()
            .flat_map(|(_, examples)| examples.bad.iter().chain(examples.good.iter()))
            .all(|example| check_markers(example.get_ref().as_str()).is_ok())
    }

    /// The literals that must pass the literal check when their rule
    /// compiles (words to find, context words, names' spellings), which
    /// `build.rs` folds and checks ahead of time for a bundled pack.
    pub fn literals(&self) -> impl Iterator<Item = &Spanned<PackStr>> {
        let terms = self.term.iter().flat_map(|d| {
            let context = d.context.iter().flat_map(|c| {
                c.near
                    .iter()
                    .chain(&c.not_near)
                    .chain(&c.followed_by)
                    .chain(&c.preceded_by)
                    .chain(&c.not_followed_by)
            });
            d.find.get_ref().iter().chain(context)
        });
        let names = self.name.iter().flat_map(|d| {
            std::iter::once(&d.canonical)
                .chain(d.accepted.iter())
                .chain(d.variants.iter())
        });
        terms.chain(names)
    }

    /// Every rule's id and examples, kind by kind in the order of the
    /// fields.
    fn rules(&self) -> impl Iterator<Item = (&Spanned<PackStr>, &ExamplesDef)> {
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
            .map(|d| (&d.id, &d.examples))
            .chain(self.name.iter().map(|d| (&d.id, &d.examples)))
            .chain(self.pattern.iter().map(|d| (&d.id, &d.examples)))
            .chain(self.consistency.iter().map(|d| (&d.id, &d.examples)))
            .chain(self.near_miss.iter().map(|d| (&d.id, &d.examples)))
            .chain(self.glossary.iter().map(|d| (&d.id, &d.examples)))
            .chain(checks.into_iter().flatten().map(|d| (&d.id, &d.examples)))
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

/// Whether a rule id is lowercase ASCII words joined by `-`.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id
            .split('-')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// A bundled pack as `build.rs` stores it: the parsed file, and the folded
/// form (and phrase) of each of its [`PackFile::literals`] that passed the
/// literal check, by the byte where the literal is written (sorted, each
/// once). A literal
/// not listed is checked when its rule compiles, as in a pack read from
/// disk. Only this binary form carries folds, so a pack written by hand
/// cannot skip the check.
#[derive(Debug, Deserialize, Serialize)]
pub struct PrebuiltPack {
    pub file: PackFile,
    pub literal_folds: Vec<CheckedLiteral>,
    /// Where each `[[pattern]]` regex that parses and cannot match the
    /// empty string is written (sorted): its rule compiles without waiting
    /// for the regex to be built.
    pub sound_regexes: Vec<u32>,
}

/// A literal that passed the literal check when `build.rs` ran, and what
/// the run would otherwise make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub struct CheckedLiteral {
    /// The byte where the literal is written, which tells literals apart.
    pub at: u32,
    /// Its fold (`validate_literal`), among the stored strings.
    pub folded: StoredStr,
    /// What a phrase of it looks for (`phrase_words`), when that is not
    /// `folded`; empty otherwise.
    pub phrase: StoredStr,
    /// Which of its words are written ending in ة (`phrase_words`).
    pub teh_marbuta: u64,
}

impl CheckedLiteral {
    /// The folded words a phrase of this literal looks for.
    pub fn phrase(&self) -> &'static str {
        if self.phrase.0.is_empty() {
            self.folded.0
        } else {
            self.phrase.0
        }
    }
}

/// `[[glossary]]`: English terms and the Arabic renderings a newsroom
/// requires, checked against the original when it is at hand; listed in
/// `terms` or imported from TBX/CSV/TSV files.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GlossaryDef {
    pub id: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    #[serde(default)]
    pub message: Option<Spanned<PackStr>>,
    #[serde(default)]
    pub explain: Option<PackStr>,
    #[serde(default)]
    pub terms: Vec<GlossaryTermDef>,
    /// Glossary files relative to the pack: `.tbx`, `.csv`, `.tsv`.
    #[serde(default)]
    pub import: Vec<Spanned<PackStr>>,
    /// Replacing a forbidden rendering with the required one may need the
    /// sentence's agreement redone, so the fix is unsafe unless asked.
    #[serde(default = "unsafe_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct GlossaryTermDef {
    pub english: Spanned<PackStr>,
    pub arabic: Vec<Spanned<PackStr>>,
    #[serde(default)]
    pub avoid: Vec<Spanned<PackStr>>,
}

fn unsafe_fix() -> Applicability {
    Applicability::Unsafe
}

/// `[[near-miss]]`: a gazetteer name's last word misspelt after its first
/// word(s), beyond the listed wrong spellings.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NearMissDef {
    pub id: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<PackStr>,
    #[serde(default)]
    pub explain: Option<PackStr>,
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
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CheckDef {
    pub id: Spanned<PackStr>,
    pub check: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<PackStr>,
    #[serde(default)]
    pub explain: Option<PackStr>,
    #[serde(default, with = "options_form")]
    pub options: Option<Spanned<toml::Table>>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub examples: ExamplesDef,
}

/// `examples = { bad = [...], good = [...] }`: `bad` texts must trigger the
/// rule, each `[[marked]]` span exactly; `good` texts must not trigger it.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ExamplesDef {
    #[serde(default)]
    pub bad: Cow<'static, [Spanned<PackStr>]>,
    #[serde(default)]
    pub good: Cow<'static, [Spanned<PackStr>]>,
}

/// Words that must (or must not) be near a term for it to be reported.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ContextDef {
    /// At least one of these within the window.
    #[serde(default)]
    pub near: Vec<Spanned<PackStr>>,
    /// None of these within the window.
    #[serde(default)]
    pub not_near: Vec<Spanned<PackStr>>,
    /// One of these is the very next word.
    #[serde(default)]
    pub followed_by: Vec<Spanned<PackStr>>,
    /// One of these is the word just before.
    #[serde(default)]
    pub preceded_by: Vec<Spanned<PackStr>>,
    /// None of these is the very next word.
    #[serde(default)]
    pub not_followed_by: Vec<Spanned<PackStr>>,
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

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TermDef {
    pub id: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<PackStr>,
    #[serde(default)]
    pub explain: Option<PackStr>,
    pub find: Spanned<Vec<Spanned<PackStr>>>,
    #[serde(default)]
    pub suggest: Vec<PackStr>,
    /// Literal → replacement, for the literals whose repair is certain.
    #[serde(default)]
    pub replace: Option<Spanned<BTreeMap<PackStr, PackStr>>>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub context: Option<ContextDef>,
    /// With the English original at hand: report only when its paired
    /// segment says one of these (and then regardless of `context`).
    #[serde(default)]
    pub source_near: Vec<PackStr>,
    /// With the English original at hand: never when its paired segment
    /// says one of these.
    #[serde(default)]
    pub source_not_near: Vec<PackStr>,
    #[serde(default = "yes")]
    pub prefixes: bool,
    #[serde(default = "yes")]
    pub suffixes: bool,
    #[serde(default)]
    pub examples: ExamplesDef,
}

/// Its lists are borrowed in a bundled pack's static names (see
/// [`PackFile::name`]).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NameDef {
    pub id: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    /// Without it: "«{found}» is a misspelling of {canonical}".
    #[serde(default)]
    pub message: Option<Spanned<PackStr>>,
    #[serde(default)]
    pub explain: Option<PackStr>,
    pub canonical: Spanned<PackStr>,
    /// person, place or organisation.
    #[serde(default)]
    pub kind: Option<PackStr>,
    #[serde(default)]
    pub english: Cow<'static, [PackStr]>,
    /// Wrong spellings MT produces; each is reported.
    #[serde(default)]
    pub variants: Cow<'static, [Spanned<PackStr>]>,
    /// Other correct spellings; never reported.
    #[serde(default)]
    pub accepted: Cow<'static, [Spanned<PackStr>]>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PatternDef {
    pub id: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<PackStr>,
    #[serde(default)]
    pub explain: Option<PackStr>,
    pub regex: Spanned<PackStr>,
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
    pub replace: Option<PackStr>,
    #[serde(default = "default_fix")]
    pub fix: Applicability,
    #[serde(default)]
    pub suggest: Vec<PackStr>,
    #[serde(default)]
    pub examples: ExamplesDef,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MatchOn {
    #[default]
    Original,
    Folded,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConsistencyDef {
    pub id: Spanned<PackStr>,
    #[serde(default = "default_severity")]
    pub severity: Severity,
    pub message: Spanned<PackStr>,
    #[serde(default)]
    pub explain: Option<PackStr>,
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

/// A check's `options` table. In the binary form it is kept as TOML text:
/// a TOML value deserialises only from a self-describing format.
mod options_form {
    use super::{PackStr, Spanned};
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    type Options = Option<Spanned<toml::Table>>;

    pub fn serialize<S: Serializer>(options: &Options, serializer: S) -> Result<S::Ok, S::Error> {
        let text = match options {
            Some(table) => Some(Spanned::new(
                table.span(),
                PackStr::from(toml::to_string(table.get_ref()).map_err(serde::ser::Error::custom)?),
            )),
            None => None,
        };
        text.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Options, D::Error> {
        if deserializer.is_human_readable() {
            return Options::deserialize(deserializer);
        }
        let Some(text) = Option::<Spanned<PackStr>>::deserialize(deserializer)? else {
            return Ok(None);
        };
        let table = toml::from_str(text.get_ref()).map_err(D::Error::custom)?;
        Ok(Some(Spanned::new(text.span(), table)))
    }
}
