//! `[[direction]]`: text whose direction renders wrong, and characters that
//! reorder or hide what a reader sees.

use super::check::{CheckKind, Configured, Family, no_options};
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::char_classes::is_bidi_control;
use crate::arabic::script::{code_point, is_bidi_mark, is_invisible, is_tashkeel, more_right_to_left};
use crate::diagnostic::Diagnostic;
use unicode_bidi::{BidiClass, Direction, bidi_class, get_base_direction};

/// The document's format characters of one class, in order: the fold noted
/// them all ([`crate::arabic::fold::FoldedText::format_chars`]).
fn format_chars<'t>(cx: &'t CheckContext, class: fn(char) -> bool) -> impl Iterator<Item = (usize, char)> + 't {
    let text = cx.doc.text();
    cx.doc.folded.format_chars.iter().filter_map(move |&at| {
        let at = at as usize;
        let c = text[at..].chars().next()?;
        class(c).then_some((at, c))
    })
}

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
    const FILLS: &'static [&'static str] = &["found", "char", "word"];

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

/// The hidden characters of one word, reported as one finding.
struct WordGroup {
    /// Byte range of the word (up to whitespace on either side).
    word: std::ops::Range<usize>,
    chars: Vec<(usize, char)>,
}

/// Groups hidden characters (in text order) by the word they stand in,
/// keeping only those between two word characters (looking past other
/// hidden characters, which come in clusters). Every byte of the text is
/// looked at a bounded number of times, so a word of ten thousand
/// zero-width spaces costs what its length does.
fn group_by_word(text: &str, found: impl Iterator<Item = (usize, char)>) -> Vec<WordGroup> {
    let skip = |c: char| is_invisible(c) || is_bidi_mark(c);
    let mut groups: Vec<WordGroup> = Vec::new();
    // The run of hidden characters the last one found belongs to, and
    // whether that run stands inside a word.
    let mut run_end = 0;
    let mut run_inside = false;
    for (at, ch) in found {
        if at >= run_end {
            let before = text[..at].chars().rev().find(|&c| !skip(c));
            let rest = &text[at..];
            let run_len = rest.find(|c: char| !skip(c)).unwrap_or(rest.len());
            run_end = at + run_len;
            let after = rest[run_len..].chars().next();
            run_inside = is_word_char(before) && is_word_char(after);
        }
        if !run_inside {
            continue;
        }
        match groups.last_mut() {
            Some(g) if at < g.word.end => g.chars.push((at, ch)),
            _ => {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .find(|&(_, c)| c.is_whitespace())
                    .map_or(0, |(i, c)| i + c.len_utf8());
                let end = text[at..].find(char::is_whitespace).map_or(text.len(), |i| at + i);
                groups.push(WordGroup {
                    word: start..end,
                    chars: vec![(at, ch)],
                });
            }
        }
    }
    groups
}

impl DirectionCheck {
    fn run(&self, c: &Configured<DirectionCheck>, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text();
        let meta = &c.meta;
        match self {
            DirectionCheck::BidiControl => {
                for (at, ch) in format_chars(cx, is_bidi_control) {
                    let span = at..at + ch.len_utf8();
                    let d = meta.diagnostic(span.clone(), &[("found", &named(ch)), ("char", &code_point(ch))]);
                    out.push(d.with_fix(Some(meta.fix(span, ""))));
                }
            }
            DirectionCheck::MisplacedMark | DirectionCheck::InvisibleInWord => {
                let class = match self {
                    DirectionCheck::MisplacedMark => is_bidi_mark,
                    _ => is_invisible,
                };
                // A byte-order mark at the very start is an encoding
                // signature, not a character in the text.
                let found = format_chars(cx, class).filter(|&(at, ch)| !(at == 0 && ch == '\u{FEFF}'));
                for group in group_by_word(text, found.filter(|&(at, _)| !cx.in_url(at))) {
                    let span = group.chars[0].0..group.chars.last().map_or(0, |&(at, ch)| at + ch.len_utf8());
                    let mut replacement = String::with_capacity(span.len());
                    let mut cursor = span.start;
                    for &(at, ch) in &group.chars {
                        replacement.push_str(&text[cursor..at]);
                        cursor = at + ch.len_utf8();
                    }
                    replacement.push_str(&text[cursor..span.end]);
                    let first = group.chars[0].1;
                    let found = match group.chars.len() {
                        1 => named(first),
                        n => format!("{} (and {} more)", named(first), n - 1),
                    };
                    let d = meta.diagnostic(
                        span.clone(),
                        &[
                            ("found", &found),
                            ("char", &code_point(first)),
                            ("word", &quote_word(&text[group.word])),
                        ],
                    );
                    out.push(d.with_fix(Some(meta.fix(span, &replacement))));
                }
            }
            DirectionCheck::LtrParagraph => {
                for paragraph in &cx.doc.paragraphs {
                    let body = &text[paragraph.clone()];
                    if get_base_direction(body) != Direction::Ltr {
                        continue;
                    }
                    if !more_right_to_left(body) {
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

/// The word as quoted in a message: hidden characters named, punctuation
/// around it trimmed, and cut short so a message stays one readable line.
fn quote_word(word: &str) -> String {
    const MAX_CHARS: usize = 60;
    let word = word.trim_matches(|c: char| c.is_ascii_punctuation() || "،؛؟«»“”".contains(c));
    let cut = word.char_indices().nth(MAX_CHARS).map_or(word.len(), |(i, _)| i);
    let shown = crate::arabic::script::visible(&word[..cut]);
    if cut == word.len() && shown.chars().count() <= MAX_CHARS {
        return shown;
    }
    let head: String = shown.chars().take(MAX_CHARS).collect();
    format!("{head}…")
}

impl Rule for Family<DirectionCheck> {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        for c in &self.checks {
            c.check.run(c, cx, out);
        }
    }
}
