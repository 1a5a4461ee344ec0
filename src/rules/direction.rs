//! `[[direction]]`: text whose direction renders wrong, and characters that
//! reorder or hide what a reader sees.

use super::check::{CheckKind, Configured, Family, no_options};
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::script::{code_point, count_strong, find_chars, is_bidi_mark, is_invisible, is_tashkeel};
use crate::diagnostic::Diagnostic;
use regex::Regex;
use std::sync::LazyLock;
use unicode_bidi::{BidiClass, Direction, bidi_class, get_base_direction};

static BIDI_CONTROLS: LazyLock<Regex> = LazyLock::new(|| Regex::new("[\u{202A}-\u{202E}\u{2066}-\u{2069}]").unwrap());
static BIDI_MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new("[\u{200E}\u{200F}\u{061C}]").unwrap());
static INVISIBLES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("[\u{200B}-\u{200D}\u{2060}-\u{2064}\u{FEFF}\u{00AD}\u{180E}]").unwrap());

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectionCheck {
    BidiControl,
    MisplacedMark,
    LtrParagraph,
    InvisibleInWord,
}

impl CheckKind for DirectionCheck {
    const FAMILY: RuleKind = RuleKind::Direction;
    const NAMES: &'static [&'static str] = &["bidi-control", "misplaced-mark", "ltr-paragraph", "invisible-in-word"];

    fn parse(name: &str, table: &toml::Table) -> Result<Self, String> {
        no_options(name, table)?;
        Ok(match name {
            "bidi-control" => DirectionCheck::BidiControl,
            "misplaced-mark" => DirectionCheck::MisplacedMark,
            "ltr-paragraph" => DirectionCheck::LtrParagraph,
            _ => DirectionCheck::InvisibleInWord,
        })
    }

    fn fixable(&self) -> bool {
        true
    }
}

/// The Unicode name of a format character, for messages (a terminal shows
/// nothing where it stands).
pub fn format_char_name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        '\u{200B}' => "ZERO WIDTH SPACE",
        '\u{200C}' => "ZERO WIDTH NON-JOINER",
        '\u{200D}' => "ZERO WIDTH JOINER",
        '\u{2060}' => "WORD JOINER",
        '\u{FEFF}' => "ZERO WIDTH NO-BREAK SPACE",
        '\u{00AD}' => "SOFT HYPHEN",
        _ => "INVISIBLE CHARACTER",
    }
}

fn named(c: char) -> String {
    format!("{} {}", code_point(c), format_char_name(c))
}

fn is_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphanumeric() || is_tashkeel(c))
}

/// A character between two word characters (looking past other invisible
/// characters, which come in clusters).
fn inside_word(text: &str, at: usize, len: usize) -> bool {
    let skip = |c: &char| is_invisible(*c) || is_bidi_mark(*c);
    let before = text[..at].chars().rev().find(|c| !skip(c));
    let after = text[at + len..].chars().find(|c| !skip(c));
    is_word_char(before) && is_word_char(after)
}

impl DirectionCheck {
    fn run(&self, c: &Configured<DirectionCheck>, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text();
        let meta = &c.meta;
        match self {
            DirectionCheck::BidiControl => {
                for (at, ch) in find_chars(text, &BIDI_CONTROLS) {
                    let span = at..at + ch.len_utf8();
                    let d = meta.diagnostic(span.clone(), &[("found", &named(ch)), ("char", &code_point(ch))]);
                    out.push(d.with_fix(Some(meta.fix(span, ""))));
                }
            }
            DirectionCheck::MisplacedMark | DirectionCheck::InvisibleInWord => {
                let set: &Regex = match self {
                    DirectionCheck::MisplacedMark => &BIDI_MARKS,
                    _ => &INVISIBLES,
                };
                // A byte-order mark at the very start is an encoding
                // signature, not a character in the text.
                for (at, ch) in find_chars(text, set).filter(|&(at, ch)| !(at == 0 && ch == '\u{FEFF}')) {
                    // Inside a URL the url family reports it.
                    if cx.in_url(at) || !inside_word(text, at, ch.len_utf8()) {
                        continue;
                    }
                    let span = at..at + ch.len_utf8();
                    let word = word_around(text, at);
                    let d = meta.diagnostic(
                        span.clone(),
                        &[("found", &named(ch)), ("char", &code_point(ch)), ("word", &word)],
                    );
                    out.push(d.with_fix(Some(meta.fix(span, ""))));
                }
            }
            DirectionCheck::LtrParagraph => {
                for paragraph in &cx.doc.paragraphs {
                    let body = &text[paragraph.clone()];
                    if get_base_direction(body) != Direction::Ltr {
                        continue;
                    }
                    let (rtl, ltr) = count_strong(body);
                    if rtl <= ltr {
                        continue;
                    }
                    let first_rtl = body
                        .char_indices()
                        .find(|&(_, ch)| matches!(bidi_class(ch), BidiClass::R | BidiClass::AL))
                        .map_or(body.len(), |(i, _)| i);
                    let opening = body[..first_rtl]
                        .trim_end_matches(|ch: char| !matches!(bidi_class(ch), BidiClass::L | BidiClass::EN));
                    if opening.is_empty() || cx.in_url(paragraph.start) {
                        continue;
                    }
                    let span = paragraph.start..paragraph.start + opening.len();
                    let d = meta.diagnostic(span, &[("found", opening)]);
                    let rlm = meta.fix(paragraph.start..paragraph.start, "\u{200F}");
                    out.push(d.with_fix(Some(rlm)).with_note("a reader's browser lays this paragraph out left to right; start it with Arabic, or insert U+200F RIGHT-TO-LEFT MARK before it"));
                }
            }
        }
    }
}

fn word_around(text: &str, at: usize) -> String {
    let start = text[..at]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| !c.is_whitespace())
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .take_while(|&(_, c)| !c.is_whitespace())
        .last()
        .map_or(at, |(i, c)| at + i + c.len_utf8());
    let word = text[start..end].trim_matches(|c: char| c.is_ascii_punctuation() || "،؛؟«»“”".contains(c));
    crate::arabic::script::visible(word)
}

impl Rule for Family<DirectionCheck> {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        for c in &self.checks {
            c.check.run(c, cx, out);
        }
    }
}
