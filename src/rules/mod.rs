//! Rule kinds, one file each, and what they share: rule metadata, the
//! compile step that turns pack definitions into rules, and the context a
//! rule reads when it checks a document.

pub mod builtin_regexes;
pub mod carry;
pub mod check;
pub mod consistency;
pub mod direction;
pub mod empty_match;
pub mod example_markers;
pub mod examples;
pub mod glossary;
pub mod name;
pub mod name_spellings;
pub mod near_miss;
pub mod near_miss_word;
pub mod near_miss_word_index;
pub mod numbers;
pub mod pack;
pub mod pack_format;
pub mod pack_str;
pub mod pattern;
pub mod phrases;
pub mod punctuation;
pub mod regex_shape;
pub mod repetition;
pub mod rewrite;
pub mod source;
pub mod spanned;
pub mod stored_regex;
pub mod term;
pub mod untranslated;
pub mod url;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::spanned::Spanned;
use example_markers::scan_markers;
pub use example_markers::{ORIGINAL_SEPARATOR, check_markers};
use pack::{ExamplesDef, PackError, PackSource};
use pack_str::PackStr;
use phrases::{PhraseHits, PhraseId, PhraseRegistry};
use std::borrow::Cow;
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleKind {
    Term,
    Name,
    Pattern,
    Consistency,
    NearMiss,
    Url,
    Punctuation,
    Direction,
    Untranslated,
    Repetition,
    Numbers,
    Source,
    Glossary,
}

impl RuleKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleKind::Term => "term",
            RuleKind::Name => "name",
            RuleKind::Pattern => "pattern",
            RuleKind::Consistency => "consistency",
            RuleKind::NearMiss => "near-miss",
            RuleKind::Url => "url",
            RuleKind::Punctuation => "punctuation",
            RuleKind::Direction => "direction",
            RuleKind::Untranslated => "untranslated",
            RuleKind::Repetition => "repetition",
            RuleKind::Numbers => "numbers",
            RuleKind::Source => "source",
            RuleKind::Glossary => "glossary",
        }
    }
}

impl fmt::Display for RuleKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An example text with its `[[marked]]` spans resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Example {
    /// As written in the rule file, markers included.
    pub written: String,
    /// The text to lint, markers removed.
    pub text: String,
    /// Byte ranges in `text` that the rule must report.
    pub marked: Vec<std::ops::Range<usize>>,
    /// The English original, for source-aware rules: written before the
    /// translation with ` ||| ` between them (the parallel-corpus
    /// convention).
    pub original: Option<String>,
}

/// A rule's examples, kept as written and parsed when first read: only
/// `mtlint test`, `explain` and the tests read them, and parsing every
/// rule's at each start-up was a tenth of compiling the packs. Their
/// markers are checked when the rule compiles all the same. The lists are
/// the pack's own, borrowed from a bundled pack's static names rather than
/// copied (1,700 allocations at every start-up).
#[derive(Debug, Clone, Default)]
pub struct Examples {
    bad: Cow<'static, [Spanned<PackStr>]>,
    good: Cow<'static, [Spanned<PackStr>]>,
    /// A gazetteer entry's canonical spelling: the entry is its own
    /// example, each bad example a spelling the rule must report whole
    /// (its markers are added when parsed), the canonical spelling a good
    /// one before `good`.
    name: Option<PackStr>,
    /// Boxed, as few runs parse any: every rule holds its examples, and
    /// kept inline the two empty vectors were 40 of the 219 bytes each of
    /// a thousand rules writes at start-up.
    parsed: std::sync::OnceLock<Box<(Vec<Example>, Vec<Example>)>>,
}

impl Examples {
    /// Examples whose markers [`check_markers`] has passed.
    fn checked(bad: Cow<'static, [Spanned<PackStr>]>, good: Cow<'static, [Spanned<PackStr>]>) -> Examples {
        Examples {
            bad,
            good,
            name: None,
            parsed: std::sync::OnceLock::new(),
        }
    }

    /// A gazetteer entry is its own example: every wrong spelling must be
    /// reported, the canonical and every accepted one must not. The
    /// spellings are kept as they are (most runs never read examples:
    /// marking each spelling of 850 names was 5 % of compiling the packs).
    pub(crate) fn of_name(
        wrong: Cow<'static, [Spanned<PackStr>]>,
        canonical: PackStr,
        accepted: Cow<'static, [Spanned<PackStr>]>,
    ) -> Examples {
        Examples {
            name: Some(canonical),
            ..Examples::checked(wrong, accepted)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.bad.is_empty() && self.good.is_empty() && self.name.is_none()
    }

    /// Texts the rule must report, at each marked span.
    pub fn bad(&self) -> &[Example] {
        &self.parsed().0
    }

    /// Texts the rule must not report.
    pub fn good(&self) -> &[Example] {
        &self.parsed().1
    }

    fn parsed(&self) -> &(Vec<Example>, Vec<Example>) {
        self.parsed.get_or_init(|| {
            let parse = |written: &str, whole: bool| {
                let example = if whole {
                    parse_example(&format!("[[{written}]]"))
                } else {
                    parse_example(written)
                };
                example.expect("markers checked when the rule compiled")
            };
            let whole = self.name.is_some();
            let bad = self.bad.iter().map(|e| parse(e.get_ref(), whole)).collect();
            let good = (self.name.iter())
                .chain(self.good.iter().map(Spanned::get_ref))
                .map(|e| parse(e, false))
                .collect();
            Box::new((bad, good))
        })
    }
}

/// What `mtlint rules` and `mtlint explain` show about a rule.
#[derive(Debug, Clone)]
pub struct RuleInfo {
    pub id: PackStr,
    pub kind: RuleKind,
    pub severity: Severity,
    pub message: PackStr,
    pub explain: Option<PackStr>,
    pub examples: Examples,
    /// The pack the rule came from.
    pub pack: PackStr,
    /// The rule's fix, if it has one: applied by `--fix` when safe, by
    /// `--fix --unsafe-fixes` when unsafe.
    pub fix: Option<crate::diagnostic::Applicability>,
}

/// A rule is found by its id: no two rules share one.
impl crate::indexed_vec::Keyed for RuleInfo {
    type Key = str;
    fn key(&self) -> &str {
        &self.id
    }
}

/// What the rules may ask of a whole article that is checked a stretch at
/// a time ([`crate::stretches`]), found once for all its stretches.
#[derive(Debug)]
pub struct Article<'a> {
    text: &'a str,
    mostly_right_to_left: std::sync::OnceLock<bool>,
}

impl<'a> Article<'a> {
    pub fn new(text: &'a str) -> Article<'a> {
        Article {
            text,
            mostly_right_to_left: std::sync::OnceLock::new(),
        }
    }

    /// Whether the article has more right-to-left letters than
    /// left-to-right ones (found on the first question).
    pub fn mostly_right_to_left(&self) -> bool {
        *self
            .mostly_right_to_left
            .get_or_init(|| crate::arabic::script::more_right_to_left(self.text))
    }
}

/// What a rule reads when it checks one document.
pub struct CheckContext<'a> {
    pub doc: &'a Document<'a>,
    pub phrases: &'a PhraseHits<'a>,
    /// Which patterns of the shared regex sets matched anywhere (no set:
    /// too few patterns for one, each pattern searches on its own).
    pub original_patterns: Option<&'a regex::SetMatches>,
    pub folded_patterns: Option<&'a regex::SetMatches>,
    /// The English original, paired with the text, when it is at hand.
    pub bilingual: Option<&'a crate::bilingual::Bilingual<'a>>,
    /// The whole article, when the document is a stretch of it.
    pub article: Option<&'a Article<'a>>,
    urls: std::sync::OnceLock<Vec<url::Url>>,
}

impl<'a> CheckContext<'a> {
    pub fn new(
        doc: &'a Document<'a>,
        phrases: &'a PhraseHits<'a>,
        original_patterns: Option<&'a regex::SetMatches>,
        folded_patterns: Option<&'a regex::SetMatches>,
    ) -> Self {
        CheckContext {
            doc,
            phrases,
            original_patterns,
            folded_patterns,
            bilingual: None,
            article: None,
            urls: std::sync::OnceLock::new(),
        }
    }

    /// Whether the article (the document, or the whole article when the
    /// document is a stretch of it) has more right-to-left letters than
    /// left-to-right ones. Counting reads every character: asked only when
    /// a rule needs it.
    pub fn mostly_right_to_left(&self) -> bool {
        match self.article {
            Some(article) => article.mostly_right_to_left(),
            None => crate::arabic::script::more_right_to_left(self.doc.text()),
        }
    }

    /// URLs and e-mail addresses in the text (found once, on first use, for
    /// every family that needs to know where they are).
    pub fn urls(&self) -> &[url::Url] {
        self.urls.get_or_init(|| url::find_urls(self.doc.text()))
    }

    /// Whether a byte offset lies inside a URL or e-mail address.
    pub fn in_url(&self, offset: usize) -> bool {
        url::in_any(self.urls(), |u| &u.span, offset)
    }
}

/// Each builds a table or regexes that checking any document needs, which
/// are otherwise built on first use. The thread that reads the packs calls
/// them once it has handed over the last pack, while documents are already
/// being checked: each is built once, by the first thread to need it.
pub const WARM_UPS: [fn(); 4] = [
    crate::document::warm_up,
    url::warm_up,
    numbers::warm_up,
    punctuation::warm_up,
];

/// A compiled rule: reads the document, appends its findings.
pub trait Rule: Send + Sync + fmt::Debug {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>);

    /// Whether a finding may depend on text outside its paragraph: an
    /// article-wide count, a paragraph compared with earlier ones, a
    /// quotation carried on into the next paragraph. A big file that such
    /// a rule checks is built and checked whole, not a stretch at a time
    /// ([`crate::stretches`]), unless the rule can carry what it reads
    /// from stretch to stretch ([`Rule::across_stretches`]).
    fn reads_across_paragraphs(&self) -> bool {
        false
    }

    /// How a rule that reads across paragraphs checks a text a stretch at a
    /// time, if it can.
    fn across_stretches(&self) -> Option<&dyn carry::AcrossStretches> {
        None
    }

    /// Points the rule at its phrases and patterns again once the
    /// compiler it registered them with has joined another
    /// ([`Compiler::join`]). A rule that registers none has nothing to do;
    /// nor have the near-miss rules, which compile after the join (they
    /// read every pack's names).
    fn renumber(&mut self, _renumbering: &Renumbering) {}
}

/// State shared by the rules of all packs while they compile.
#[derive(Debug, Default)]
pub struct Compiler {
    pub phrases: PhraseRegistry,
    /// The folded literals of the pack being compiled, if it was stored
    /// with them.
    pub folds: pack::LiteralFolds,
    pub original_patterns: Vec<PackStr>,
    pub folded_patterns: Vec<PackStr>,
}

impl Compiler {
    /// Takes in the phrases and patterns `later` registered, for the
    /// rules of packs that come after this compiler's, as if those rules
    /// had registered them here (the bundled packs compile in two halves,
    /// on two threads: `engine::CompiledAhead`). Returns how the later
    /// rules' handles change, for [`Rule::renumber`].
    pub fn join(&mut self, later: Compiler) -> Renumbering {
        let Compiler {
            phrases,
            folds: _,
            original_patterns,
            folded_patterns,
        } = later;
        let renumbering = Renumbering {
            phrases: self.phrases.join(phrases),
            original_patterns: self.original_patterns.len(),
            folded_patterns: self.folded_patterns.len(),
        };
        self.original_patterns.extend(original_patterns);
        self.folded_patterns.extend(folded_patterns);
        renumbering
    }
}

/// How the handles of rules compiled with one compiler change when it
/// joins another ([`Compiler::join`]).
#[derive(Debug)]
pub struct Renumbering {
    /// Each phrase's handle in the joined registry, by its own.
    phrases: Vec<PhraseId>,
    /// How many patterns of each kind were there before.
    original_patterns: usize,
    folded_patterns: usize,
}

impl Renumbering {
    pub fn phrase(&self, id: PhraseId) -> PhraseId {
        self.phrases[id.index()]
    }

    /// A pattern's index in the joined list of the patterns matched on
    /// the same text.
    pub fn pattern(&self, on: pack::MatchOn, index: usize) -> usize {
        index
            + match on {
                pack::MatchOn::Original => self.original_patterns,
                pack::MatchOn::Folded => self.folded_patterns,
            }
    }
}

/// Checks an id and parses a rule's examples; shared by every kind.
pub fn compile_common(
    pack: &PackSource,
    id: &Spanned<PackStr>,
    examples: &ExamplesDef,
) -> Result<(PackStr, Examples), PackError> {
    // A bundled pack's ids and markers were checked when mtlint was built
    // (a tenth of compiling the packs at each start-up).
    let checked = pack.prebuilt.is_some();
    if !checked && !pack_format::is_kebab_case(id.get_ref()) {
        return Err(PackError::new(
            pack,
            Some(id.span()),
            format!("rule id «{}» is not kebab-case", id.get_ref()),
        )
        .with_label("use lowercase ASCII words joined by `-`, e.g. `broke-out-for-escaped`"));
    }
    if !checked {
        for e in examples.bad.iter().chain(examples.good.iter()) {
            check_markers(e.get_ref().as_str())
                .map_err(|msg| PackError::new(pack, Some(e.span()), "malformed example").with_label(msg))?;
        }
    }
    Ok((
        id.get_ref().clone(),
        Examples::checked(examples.bad.clone(), examples.good.clone()),
    ))
}

/// Resolves `[[...]]` markers in an example.
pub fn parse_example(written_in_full: &str) -> Result<Example, String> {
    let original = written_in_full
        .split_once(ORIGINAL_SEPARATOR)
        .map(|(original, _)| original.to_string());
    let text = std::cell::RefCell::new(String::with_capacity(written_in_full.len()));
    let mut marked = Vec::new();
    scan_markers(
        written_in_full,
        |run| text.borrow_mut().push_str(run),
        |run| {
            let mut text = text.borrow_mut();
            let start = text.len();
            text.push_str(run);
            marked.push(start..text.len());
        },
    )?;
    Ok(Example {
        written: written_in_full.to_string(),
        text: text.into_inner(),
        marked,
        original,
    })
}

/// Checks a message template: every `{` is closed and names a placeholder
/// the rule fills; anything else would be printed literally in every
/// finding, so it is a mistake in the pack, reported at the message.
pub fn check_message(
    pack: &pack::PackSource,
    message: &Spanned<PackStr>,
    fills: &[&str],
) -> Result<(), pack::PackError> {
    let text = message.get_ref();
    let known = || fills.iter().map(|f| format!("{{{f}}}")).collect::<Vec<_>>().join(" ");
    let mut rest = text.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(['}', '{']).filter(|&i| after.as_bytes()[i] == b'}') else {
            return Err(
                pack::PackError::new(pack, Some(message.span()), "unclosed `{` in message")
                    .with_label(format!("close it with `}}`; this rule fills {}", known())),
            );
        };
        let name = &after[..close];
        if !fills.contains(&name) {
            return Err(pack::PackError::new(
                pack,
                Some(message.span()),
                format!("unknown placeholder `{{{name}}}` in message"),
            )
            .with_label(format!("this rule fills {}", known())));
        }
        rest = &after[close + 1..];
    }
    Ok(())
}

/// Expands `{found}` and other placeholders in a message template.
///
/// One pass over the template: a value is written as it is, never searched
/// for placeholders itself (an article that says «{line}» is quoted, not
/// filled in). A placeholder with no value, or a lone brace, stays as
/// written. The message is allocated once, at its exact length: a big
/// file can have hundreds of thousands of findings.
pub fn render_message(template: &str, vars: &[(&str, &str)]) -> String {
    let mut len = 0;
    message_pieces(template, vars, |piece| len += piece.len());
    let mut out = String::with_capacity(len);
    message_pieces(template, vars, |piece| out.push_str(piece));
    out
}

/// The template's text and its placeholders' values, in order.
fn message_pieces<'a>(template: &'a str, vars: &[(&str, &'a str)], mut piece: impl FnMut(&'a str)) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|&(_, value)| (close, value))
        });
        match filled {
            Some((close, value)) => {
                piece(&rest[..open]);
                piece(value);
                rest = &after[close + 1..];
            }
            None => {
                piece(&rest[..=open]);
                rest = after;
            }
        }
    }
    piece(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bundled name's examples are its own spellings, borrowed from the
    /// static names, not copied: each wrong one reported whole, the
    /// canonical and each accepted one not at all.
    #[test]
    fn a_bundled_name_is_its_own_example_without_a_copy() {
        let engine = crate::engine::Engine::bundled().unwrap();
        let info = engine.rule("mazloum-abdi").unwrap();
        assert!(matches!(info.examples.bad, Cow::Borrowed(_)));
        assert!(matches!(info.examples.good, Cow::Borrowed(_)));
        let bad: Vec<(&str, &[std::ops::Range<usize>])> = info
            .examples
            .bad()
            .iter()
            .map(|e| (e.text.as_str(), e.marked.as_slice()))
            .collect();
        let whole = |s: &str| 0..s.len();
        assert_eq!(
            bad,
            [
                ("مظلوم عبادي", &[whole("مظلوم عبادي")][..]),
                ("مظلوم عابدي", &[whole("مظلوم عابدي")][..]),
                ("مزلوم عبدي", &[whole("مزلوم عبدي")][..]),
            ]
        );
        let good: Vec<&str> = info.examples.good().iter().map(|e| e.text.as_str()).collect();
        assert_eq!(good[0], "مظلوم عبدي");
        assert!(info.examples.good().iter().all(|e| e.marked.is_empty()));
    }

    #[test]
    fn example_markers() {
        let ex = parse_example("قال [[مظلوم عبادي]] و[[هو]]").unwrap();
        assert_eq!(ex.text, "قال مظلوم عبادي وهو");
        assert_eq!(&ex.text[ex.marked[0].clone()], "مظلوم عبادي");
        assert_eq!(&ex.text[ex.marked[1].clone()], "هو");
        assert!(parse_example("[[open").is_err());
        assert!(parse_example("close]]").is_err());
        assert!(parse_example("plain").unwrap().marked.is_empty());
    }

    #[test]
    fn message_templates_are_checked() {
        let pack = pack::PackSource::new("p.toml", "");
        let message = |m: &str| Spanned::new(0..m.len(), PackStr::from(m));
        assert!(check_message(&pack, &message("«{found}» → «{suggestion}»"), &["found", "suggestion"]).is_ok());
        let err = check_message(&pack, &message("«{nothing}»"), &["found"]).unwrap_err();
        assert!(err.message.contains("{nothing}"), "{}", err.message);
        assert!(err.label.contains("{found}"), "{}", err.label);
        let err = check_message(&pack, &message("«{found»"), &["found"]).unwrap_err();
        assert!(err.message.contains("unclosed"), "{}", err.message);
        let err = check_message(&pack, &message("{found"), &["found"]).unwrap_err();
        assert!(err.message.contains("unclosed"), "{}", err.message);
    }

    #[test]
    fn message_placeholders() {
        assert_eq!(
            render_message("«{found}» → {canonical}", &[("found", "أ"), ("canonical", "ب")]),
            "«أ» → ب"
        );
        // Each placeholder as often as it is written; a value is not filled in.
        assert_eq!(
            render_message("{found}, {found} ({line})", &[("found", "{line}"), ("line", "7")]),
            "{line}, {line} (7)"
        );
        // Without a value, and stray braces, the template stays as written.
        assert_eq!(render_message("{words} {x", &[("found", "أ")]), "{words} {x");
        assert_eq!(render_message("{{found}} }{", &[("found", "أ")]), "{أ} }{");
        assert_eq!(render_message("", &[]), "");
        let message = render_message("line {line} of {found}", &[("line", "12"), ("found", "نص")]);
        assert_eq!(message.capacity(), message.len());
    }
}
