//! `[[punctuation]]`: punctuation and spacing done the English way, or
//! broken: a space before «،», no space after it, a Latin comma between
//! Arabic words, double spaces, a doubled word, unbalanced quotes and
//! brackets.

use super::carry::{AcrossStretches, Carried, Part, unpack};
use super::check::{CheckKind, CheckMeta, Configured, Family, no_options, options};
use super::repetition::is_truncated;
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::script::{
    arabic_marks_and_full_stops, find_chars, in_order, is_arabic_letter, is_inline_space, is_tashkeel,
};
use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;
use regex::Regex;
use serde::Deserialize;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PunctuationCheck {
    SpaceBefore,
    MissingSpaceAfter,
    LatinPunctuation,
    DoubleSpace,
    DoubledWord { allow: Vec<String> },
    UnbalancedPairs,
    ReversedGuillemet,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct DoubledWordOptions {
    /// Words whose repetition is idiomatic (رويدا رويدا).
    #[serde(default)]
    allow: Vec<String>,
}

impl CheckKind for PunctuationCheck {
    const FAMILY: RuleKind = RuleKind::Punctuation;
    const NAMES: &'static [&'static str] = &[
        "space-before",
        "missing-space-after",
        "latin-punctuation",
        "double-space",
        "doubled-word",
        "unbalanced-pairs",
        "reversed-guillemet",
    ];
    const FILLS: &'static [&'static str] = &["found", "arabic", "count", "word"];

    fn parse(name: &str, table: &toml::Table) -> Result<Self, String> {
        if name == "doubled-word" {
            let o: DoubledWordOptions = options(table)?;
            let allow = o.allow.iter().map(|w| crate::arabic::fold::fold_literal(w)).collect();
            return Ok(PunctuationCheck::DoubledWord { allow });
        }
        no_options(name, table)?;
        Ok(match name {
            "space-before" => PunctuationCheck::SpaceBefore,
            "missing-space-after" => PunctuationCheck::MissingSpaceAfter,
            "latin-punctuation" => PunctuationCheck::LatinPunctuation,
            "double-space" => PunctuationCheck::DoubleSpace,
            "reversed-guillemet" => PunctuationCheck::ReversedGuillemet,
            _ => PunctuationCheck::UnbalancedPairs,
        })
    }

    fn fixable(&self) -> bool {
        !matches!(self, PunctuationCheck::UnbalancedPairs)
    }
}

/// Latin letter names as Arabic spells them in acronyms (folded): سي إن إن
/// for CNN, بي بي سي for BBC, آر تي for RT.
/// What a word written twice in a row is, when it is a slip.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Doubling {
    /// A preposition, conjunction, relative or demonstrative: never
    /// doubled in correct Arabic.
    FunctionWord,
    /// A word with the article (after any clitics): «البيت البيت»,
    /// «والتعاطف والتعاطف». Arabic repeats bare words on purpose
    /// (distributive «خطوة خطوة», «حبة حبة»; titles «ولي ولي العهد»;
    /// onomatopoeia «واو واو», «يم يم»; names «بورا بورا»; spelled-out
    /// letters «بي بي سي»), but hardly a definite one.
    Definite,
}

/// Folded function words whose doubling is always a slip; each with what
/// its original spelling must show, where folding makes it ambiguous
/// («ان» without hamza is the letter N of «سي ان ان»; «علي» without alef
/// maqsura is the name Ali).
const DOUBLED_FUNCTION_WORDS: &[(&str, Option<&[char]>)] = &[
    ("في", None),
    ("علي", Some(&['ى'])),
    ("الي", Some(&['ى', 'إ'])),
    ("عن", None),
    ("ان", Some(&['أ', 'إ'])),
    ("الذي", None),
    ("التي", None),
    ("الذين", None),
    ("هذا", None),
    ("هذه", None),
    ("ذلك", None),
    ("تلك", None),
    ("قد", None),
    ("لقد", None),
    ("ثم", None),
    ("او", None),
    ("لم", None),
    ("لن", None),
    ("مع", None),
    ("حيث", None),
    ("كما", None),
    ("لكن", None),
    ("عند", None),
    ("منذ", None),
    ("حتي", Some(&['ى'])),
    ("بين", None),
    ("خلال", None),
    ("ضد", None),
    ("نحو", None),
    ("عبر", None),
    ("بعد", None),
    ("قبل", None),
];

/// Latin letter names as Arabic spells them in acronyms (folded): سي إن إن
/// for CNN, بي بي سي for BBC, آر تي for RT.
fn is_letter_name(word: &str) -> bool {
    const NAMES: &[&str] = &[
        "اي",
        "ايه",
        "بي",
        "سي",
        "دي",
        "اف",
        "جي",
        "اتش",
        "اش",
        "جيه",
        "جاي",
        "كيه",
        "كاي",
        "ال",
        "ام",
        "ان",
        "او",
        "كيو",
        "ار",
        "اس",
        "تي",
        "يو",
        "في",
        "دبليو",
        "اكس",
        "واي",
        "زد",
        "زي",
    ];
    NAMES.contains(&word)
}

/// Whether a word spells a letter name, after a conjunction («وسي» of «وسي
/// إن إن») or glued to the end of a word («وكالةسي» of «وكالةسي ان ان»).
/// A word of the lexicon (قال, which ends in the letter name «ال») is not
/// a glued letter name.
fn ends_in_letter_name(word: &str) -> bool {
    is_letter_name(word)
        || word.strip_prefix(['و', 'ف']).is_some_and(is_letter_name)
        || (crate::arabic::lexicon::zipf(word).is_none()
            && (2..=4).any(|n| {
                let cut = word.char_indices().rev().nth(n - 1).map(|(i, _)| i);
                cut.is_some_and(|i| i > 0 && is_letter_name(&word[i..]))
            }))
}

fn doubling_kind(folded: &str, original: &str) -> Option<Doubling> {
    if let Some((_, marks)) = DOUBLED_FUNCTION_WORDS.iter().find(|(w, _)| *w == folded) {
        return match marks {
            Some(marks) if !original.contains(*marks) => None,
            _ => Some(Doubling::FunctionWord),
        };
    }
    let mut rest = folded;
    for _ in 0..2 {
        match rest.chars().next() {
            Some('و' | 'ف' | 'ب' | 'ك') if rest.len() > 6 => rest = &rest[2..],
            _ => break,
        }
    }
    let definite = (rest.starts_with("ال") || rest.starts_with("لل")) && rest.chars().count() >= 4;
    definite.then_some(Doubling::Definite)
}

static PAIR_MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[«»()\[\]]").unwrap());
static LATIN_MARKS: LazyLock<Regex> = LazyLock::new(|| Regex::new("[,;?]").unwrap());

/// Builds this module's regexes now (see [`crate::rules::WARM_UPS`]).
pub fn warm_up() {
    LazyLock::force(&PAIR_MARKS);
    LazyLock::force(&LATIN_MARKS);
}

/// The letter that counts as "before" or "after": skips diacritics.
fn is_arabic_word_char(c: Option<char>) -> bool {
    c.is_some_and(|c| is_arabic_letter(c) || is_tashkeel(c))
}

fn char_before(text: &str, at: usize) -> Option<char> {
    text[..at].chars().next_back()
}

fn char_after(text: &str, at: usize) -> Option<char> {
    text[at..].chars().next()
}

impl PunctuationCheck {
    /// `faults` holds the pairing of guillemets and brackets, worked out
    /// once for the two checks that read it.
    fn run(
        &self,
        c: &Configured<PunctuationCheck>,
        cx: &CheckContext,
        faults: &std::cell::OnceCell<Vec<(Range<usize>, PairFault)>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.doc.text();
        let meta = &c.meta;
        match self {
            PunctuationCheck::SpaceBefore => {
                for (at, mark) in arabic_marks_and_full_stops(text) {
                    let full_stop = mark == '.';
                    if cx.in_url(at) {
                        continue;
                    }
                    let before = &text[..at];
                    let trimmed = before.trim_end_matches(is_inline_space);
                    if trimmed.len() == before.len() {
                        continue;
                    }
                    let word_before = trimmed
                        .chars()
                        .next_back()
                        .is_some_and(|p| p.is_alphanumeric() || is_tashkeel(p) || "”\"»)".contains(p));
                    if !word_before {
                        continue;
                    }
                    if full_stop {
                        // « .com», « .5» and « ...» are not a full stop after a space.
                        let after = char_after(text, at + 1);
                        let arabic_before = is_arabic_word_char(trimmed.chars().next_back());
                        if !arabic_before || after.is_some_and(|a| a.is_alphanumeric() || a == '.') {
                            continue;
                        }
                    }
                    let span = trimmed.len()..at + mark.len_utf8();
                    let found = mark.to_string();
                    let d = meta.diagnostic(span.clone(), &[("found", &found)]);
                    out.push(d.with_fix(Some(meta.fix(span, found.clone()))));
                }
            }
            PunctuationCheck::MissingSpaceAfter => {
                for (at, mark) in arabic_marks_and_full_stops(text) {
                    if cx.in_url(at) {
                        continue;
                    }
                    let end = at + mark.len_utf8();
                    let glued = is_arabic_word_char(char_before(text, at))
                        && char_after(text, end).is_some_and(is_arabic_letter);
                    if glued && !(mark == '.' && is_dotted_abbreviation(text, at)) {
                        let span = at..end;
                        let d = meta.diagnostic(span.clone(), &[("found", &mark.to_string())]);
                        out.push(d.with_fix(Some(meta.fix(span, format!("{mark} ")))));
                    }
                }
            }
            PunctuationCheck::LatinPunctuation => {
                for (at, mark) in find_chars(text, &LATIN_MARKS) {
                    let arabic = match mark {
                        ',' => '،',
                        ';' => '؛',
                        '?' => '؟',
                        _ => continue,
                    };
                    if cx.in_url(at) {
                        continue;
                    }
                    let before = text[..at].trim_end_matches(is_inline_space).chars().next_back();
                    let after = text[at + 1..].trim_start_matches(is_inline_space).chars().next();
                    let after_ok = if mark == '?' {
                        after.is_none_or(|a| a == '\n' || is_arabic_letter(a) || "\"”»)".contains(a))
                    } else {
                        is_arabic_word_char(after)
                    };
                    if is_arabic_word_char(before) && after_ok {
                        let span = at..at + 1;
                        let d = meta.diagnostic(
                            span.clone(),
                            &[("found", &mark.to_string()), ("arabic", &arabic.to_string())],
                        );
                        out.push(
                            d.with_fix(Some(meta.fix(span, arabic.to_string())))
                                .with_suggestions([arabic.to_string()]),
                        );
                    }
                }
            }
            PunctuationCheck::DoubleSpace => {
                for run in double_spaces(text) {
                    if cx.in_url(run.start) {
                        continue;
                    }
                    let spaces = &text[run.clone()];
                    let count = spaces.chars().count().to_string();
                    let d = meta.diagnostic(run.clone(), &[("found", spaces), ("count", &count)]);
                    out.push(d.with_fix(Some(meta.fix(run, " "))));
                }
            }
            PunctuationCheck::DoubledWord { allow } => {
                let doc = cx.doc;
                for (i, pair) in doc.tokens.windows(2).enumerate() {
                    let (a, b) = (&pair[0], &pair[1]);
                    let word = doc.folded_word(a);
                    if !doc.follows_space(i + 1) || word != doc.folded_word(b) || !doc.is_arabic_word(i) {
                        continue;
                    }
                    if allow.iter().any(|w| w == word) {
                        continue;
                    }
                    let Some(kind) = doubling_kind(word, doc.original_word(a)) else {
                        continue;
                    };
                    // «سي إن إن»: letters of an acronym spelled out.
                    let beside =
                        |t: Option<&crate::document::Token>| t.is_some_and(|t| ends_in_letter_name(doc.folded_word(t)));
                    if is_letter_name(word)
                        && (beside(i.checked_sub(1).and_then(|j| doc.tokens.get(j))) || beside(doc.tokens.get(i + 2)))
                    {
                        continue;
                    }
                    let span = a.span().start..b.span().end;
                    let d = meta.diagnostic(
                        span,
                        &[
                            ("found", &text[a.span().start..b.span().end]),
                            ("word", doc.original_word(a)),
                        ],
                    );
                    // A doubled preposition goes; which of two doubled
                    // nouns is the slip depends on the sentence.
                    let mut fix = meta.fix(a.span().end..b.span().end, "");
                    if kind == Doubling::Definite {
                        fix.applicability = crate::diagnostic::Applicability::Unsafe;
                    }
                    out.push(d.with_fix(Some(fix)));
                }
            }
            PunctuationCheck::UnbalancedPairs | PunctuationCheck::ReversedGuillemet => {
                let faults =
                    faults.get_or_init(|| pair_faults(text, cx.doc.paragraphs.iter().cloned(), &|at| cx.in_url(at)));
                self.report_pairs(meta, text, faults, out);
            }
        }
    }

    /// The findings of the two checks that read the pairing of guillemets
    /// and brackets.
    fn report_pairs(
        &self,
        meta: &CheckMeta,
        text: &str,
        faults: &[(Range<usize>, PairFault)],
        out: &mut Vec<Diagnostic>,
    ) {
        for (span, fault) in faults.iter().cloned() {
            match (self, fault) {
                (PunctuationCheck::UnbalancedPairs, PairFault::Stray) => {
                    out.push(meta.diagnostic(span.clone(), &[("found", &text[span])]));
                }
                (PunctuationCheck::ReversedGuillemet, PairFault::Reversed { meant }) => {
                    let meant = meant.to_string();
                    let d = meta.diagnostic(span.clone(), &[("found", &text[span.clone()]), ("arabic", &meant)]);
                    out.push(d.with_fix(Some(meta.fix(span, meant))));
                }
                _ => {}
            }
        }
    }

    /// Whether the check reads the pairing of guillemets and brackets,
    /// which runs across paragraphs.
    fn reads_pairs(&self) -> bool {
        matches!(
            self,
            PunctuationCheck::UnbalancedPairs | PunctuationCheck::ReversedGuillemet
        )
    }
}

/// The width in bytes of the inline space ([`is_inline_space`]) starting at
/// byte `i`, or 0. Each starts with a byte of its own (a space, a tab, 0xC2
/// for U+00A0, 0xE2 for U+2009 and U+202F), none a continuation byte.
fn inline_space_at(bytes: &[u8], i: usize) -> usize {
    match bytes[i] {
        b' ' | b'\t' => 1,
        0xC2 if bytes.get(i + 1) == Some(&0xA0) => 2,
        0xE2 if matches!(bytes.get(i + 1..i + 3), Some([0x80, 0x89 | 0xAF])) => 3,
        _ => 0,
    }
}

/// The width in bytes of the inline space ending at byte `i` (a character
/// boundary), or 0.
fn inline_space_before(bytes: &[u8], i: usize) -> usize {
    let ends_with = |tail: &[u8]| bytes[..i].ends_with(tail);
    if ends_with(b" ") || ends_with(b"\t") {
        1
    } else if ends_with("\u{00A0}".as_bytes()) {
        2
    } else if ends_with("\u{2009}".as_bytes()) || ends_with("\u{202F}".as_bytes()) {
        3
    } else {
        0
    }
}

/// Runs of two or more inline spaces between words, in order: neither at
/// the start of a line nor at its end (before the line break and any
/// carriage returns before it).
///
/// A run of two or more holds two ASCII spaces side by side or an inline
/// space of another kind, and both are rare in text: a vector search for
/// them skips the rest, where looking at every byte for the start of a
/// space was a fifth of the punctuation rules' time.
fn double_spaces(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let bytes = text.as_bytes();
    let doubled = memchr::memmem::find_iter(bytes, b"  ");
    let other = memchr::memchr3_iter(b'\t', 0xC2, 0xE2, bytes).filter(move |&i| inline_space_at(bytes, i) > 0);
    let mut places = in_order(doubled, other);
    let mut from = 0;
    std::iter::from_fn(move || {
        loop {
            let at = places.next()?;
            if at < from {
                continue;
            }
            let mut start = at;
            while let width @ 1.. = inline_space_before(bytes, start) {
                start -= width;
            }
            let (mut end, mut count) = (start, 0);
            while end < bytes.len()
                && let width @ 1.. = inline_space_at(bytes, end)
            {
                end += width;
                count += 1;
            }
            from = end;
            let starts_line = start == 0 || bytes[start - 1] == b'\n';
            let ends_line = bytes[end..].iter().find(|&&b| b != b'\r').is_none_or(|&b| b == b'\n');
            if count >= 2 && !starts_line && !ends_line {
                return Some(start..end);
            }
        }
    })
}

/// What is wrong with one guillemet or bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PairFault {
    /// Opened and never closed, or closed and never opened.
    Stray,
    /// A guillemet written the wrong way round for where it stands: «»» to
    /// open a quotation (`قال:»نعم`, `بـ»الطموحة»`) or «««» to close one.
    Reversed { meant: char },
}

/// An opening mark waiting for its partner.
#[derive(Debug, Clone, Copy)]
struct Open {
    mark: char,
    at: usize,
    /// A «»» that stood where a quotation opens.
    reversed: bool,
}

/// Unmatched and reversed guillemets and brackets of a document, paragraph
/// by paragraph. Double quotes are left alone: English style opens a
/// quotation again at each paragraph it runs across without closing it, and
/// sentence-per-line text splits them. A quotation that opens in one
/// paragraph and closes in a later one (with no other guillemet in
/// between), or that opens again at each paragraph it runs across, is
/// whole.
///
/// It reads the text, its paragraphs and where its URLs are, not the
/// document: on a big text checked a stretch at a time it runs once, over
/// the whole text.
fn pair_faults(
    text: &str,
    paragraphs: impl Iterator<Item = Range<usize>>,
    in_url: &dyn Fn(usize) -> bool,
) -> Vec<(Range<usize>, PairFault)> {
    let mut faults = Vec::new();
    // The last «««» of an earlier paragraph, still open.
    let mut carried: Option<usize> = None;
    for paragraph in paragraphs {
        let body = &text[paragraph.clone()];
        // A quotation carried from an earlier paragraph is open here too:
        // this paragraph's first «»» closes it, or a «««» that starts the
        // paragraph opens it again (then the earlier one is whole).
        let mut stack: Vec<Open> = carried
            .take()
            .map(|at| Open {
                mark: '«',
                at,
                reversed: false,
            })
            .into_iter()
            .collect();
        let seed = stack.first().map(|o| o.at);
        let mut guillemets = 0;
        let mut last_guillemet: Option<usize> = None;
        // Only the marks matter: the search skips the letters between them.
        for (i, c) in find_chars(body, &PAIR_MARKS) {
            let at = paragraph.start + i;
            if in_url(at) {
                continue;
            }
            if matches!(c, '«' | '»') {
                if guillemets == 0 && c == '«' && seed.is_some() && body[..i].trim().is_empty() {
                    stack.retain(|o| Some(o.at) != seed);
                }
                guillemets += 1;
                last_guillemet = Some(at);
            }
            match c {
                '«' => {
                    let open_quote = stack.iter().rposition(|o| o.mark == '«' && !o.reversed);
                    match open_quote {
                        Some(p) if closes_here(text, at, c) => {
                            faults.extend(stack.drain(p..).skip(1).map(|o| stray(o.at, o.mark)));
                            faults.push((at..at + c.len_utf8(), PairFault::Reversed { meant: '»' }));
                        }
                        _ => {
                            // A «»» still waiting to be told whether it
                            // opened, followed by a «««» that opens: the «»»
                            // is a stray, as before a second «»» that opens.
                            // Pairing it with a «»» after this quotation
                            // instead would turn on this «««» having been
                            // written right, and fixing one such «»» per
                            // pass would move the finding to the next.
                            if let Some(p) = stack.iter().rposition(|o| o.mark == '«')
                                && stack[p].reversed
                            {
                                let o = stack.remove(p);
                                faults.push(stray(o.at, '»'));
                            }
                            stack.push(Open {
                                mark: c,
                                at,
                                reversed: false,
                            })
                        }
                    }
                }
                '(' | '[' => stack.push(Open {
                    mark: c,
                    at,
                    reversed: false,
                }),
                '»' | ')' | ']' => {
                    let open = match c {
                        '»' => '«',
                        ')' => '(',
                        _ => '[',
                    };
                    let mut partner = stack.iter().rposition(|o| o.mark == open);
                    // Two «»» that both open («قال:» نحن» … «وقال:» أحرص»):
                    // the first is a stray, the second may open.
                    if let Some(p) = partner
                        && stack[p].reversed
                        && opens_here(text, at, c)
                        && !closes_here(text, at, c)
                    {
                        let o = stack.remove(p);
                        faults.push(stray(o.at, '»'));
                        partner = None;
                    }
                    match partner {
                        Some(p) => {
                            let opener = stack[p];
                            faults.extend(stack.drain(p..).skip(1).map(|o| stray(o.at, o.mark)));
                            if opener.reversed {
                                let at = opener.at;
                                faults.push((at..at + '»'.len_utf8(), PairFault::Reversed { meant: '«' }));
                            }
                        }
                        // «»» with nothing open, where a quotation opens, may
                        // be opening it the wrong way round: the next «»»
                        // tells.
                        None if c == '»' && opens_here(text, at, c) => stack.push(Open {
                            mark: '«',
                            at,
                            reversed: true,
                        }),
                        None => faults.push(stray(at, c)),
                    }
                }
                _ => {}
            }
        }
        // A paragraph cut off mid-text has its own finding (truncated-quotation).
        if is_truncated(body) {
            continue;
        }
        // The quotation open at the paragraph's last guillemet may run on
        // into the next paragraph (or on through one without guillemets).
        let runs_on = |o: &Open| {
            o.mark == '«' && !o.reversed && (Some(o.at) == last_guillemet || (guillemets == 0 && Some(o.at) == seed))
        };
        for o in stack {
            if runs_on(&o) {
                carried = Some(o.at);
            } else {
                faults.push(stray(o.at, if o.reversed { '»' } else { o.mark }));
            }
        }
    }
    if let Some(at) = carried {
        faults.push(stray(at, '«'));
    }
    faults.sort_by_key(|(r, _)| r.start);
    faults
}

fn stray(at: usize, mark: char) -> (Range<usize>, PairFault) {
    (at..at + mark.len_utf8(), PairFault::Stray)
}

/// Whether a mark stands where a quotation opens: straight before a word
/// (`بـ»الطموحة`), or after a colon (`قال:» نحن`).
fn opens_here(text: &str, at: usize, mark: char) -> bool {
    let after = char_after(text, at + mark.len_utf8()).is_some_and(char::is_alphanumeric);
    let colon = text[..at].trim_end_matches(is_inline_space).ends_with(':');
    after || colon
}

/// Whether a mark stands where a quotation closes: after a word or a mark
/// and before a space, a mark or the end; or straight before a mark.
fn closes_here(text: &str, at: usize, mark: char) -> bool {
    let before = char_before(text, at).is_some_and(|b| !b.is_whitespace() && b != ':');
    let after = char_after(text, at + mark.len_utf8());
    // «الأهالي «،»: a mark straight before the comma closes, space or not.
    let mark_after = after.is_some_and(|a| "،.؛:؟!,".contains(a));
    (before && after.is_none_or(|a| !a.is_alphanumeric())) || mark_after
}

impl Rule for Family<PunctuationCheck> {
    /// A quotation may open in one paragraph and close in a later one
    /// (`pair_faults`).
    fn reads_across_paragraphs(&self) -> bool {
        self.checks.iter().any(|c| c.check.reads_pairs())
    }

    fn across_stretches(&self) -> Option<&dyn AcrossStretches> {
        Some(self)
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        self.run_checks(cx, |_| true, out);
    }
}

impl Family<PunctuationCheck> {
    /// Runs the checks `which` takes.
    fn run_checks(&self, cx: &CheckContext, which: impl Fn(&PunctuationCheck) -> bool, out: &mut Vec<Diagnostic>) {
        let faults = std::cell::OnceCell::new();
        for c in self.checks.iter().filter(|c| which(&c.check)) {
            // Sentences MT glues one to the next all through a paragraph
            // are one finding there, with a count and one fix for all of
            // them. (Other slips keep a finding each: each has its own
            // fix, which the reference article's contract asks for.)
            let per_paragraph = c.check == PunctuationCheck::MissingSpaceAfter;
            if per_paragraph {
                let mut found = Vec::new();
                c.check.run(c, cx, &faults, &mut found);
                out.extend(one_per_paragraph(cx.doc, found));
            } else {
                c.check.run(c, cx, &faults, out);
            }
        }
    }
}

impl AcrossStretches for Family<PunctuationCheck> {
    /// The checks that read a paragraph at a time, and where the stretch's
    /// URLs are: the pairing waits for the whole text.
    fn check_stretch(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) -> Part {
        self.run_checks(cx, |check| !check.reads_pairs(), out);
        let urls: Vec<Range<usize>> = cx.urls().iter().map(|u| u.span.clone()).collect();
        Box::new(urls)
    }

    fn carry<'a>(&'a self, source: &'a SourceFile) -> Box<dyn Carried + 'a> {
        Box::new(PairsOfTheWholeText {
            family: self,
            source,
            urls: Vec::new(),
        })
    }
}

/// The pairing of guillemets and brackets, worked out over the whole text
/// once the last stretch is in (it reads the text, its paragraphs and
/// where its URLs are, not the stretches' documents).
struct PairsOfTheWholeText<'a> {
    family: &'a Family<PunctuationCheck>,
    source: &'a SourceFile,
    /// The URLs the stretches found, in order, at the file's offsets.
    urls: Vec<Range<usize>>,
}

impl Carried for PairsOfTheWholeText<'_> {
    fn take(&mut self, part: Part, start: usize, _out: &mut Vec<Diagnostic>) {
        let urls: Vec<Range<usize>> = unpack(part);
        self.urls
            .extend(urls.into_iter().map(|u| u.start + start..u.end + start));
    }

    fn finish(self: Box<Self>, out: &mut Vec<Diagnostic>) {
        let text = self.source.text();
        let in_url = |at: usize| super::url::in_any(&self.urls, |u| u, at);
        let faults = pair_faults(text, crate::document::each_paragraph(text), &in_url);
        for c in self.family.checks.iter().filter(|c| c.check.reads_pairs()) {
            c.check.report_pairs(&c.meta, text, &faults, out);
        }
    }
}

/// Merges the findings of one check that fall in one paragraph into one
/// that spans from the first to the last, says how many there are, and
/// (when every one of them has a fix) makes all their edits at once.
fn one_per_paragraph(doc: &crate::document::Document, found: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let text = doc.text();
    let paragraph_of = |offset: usize| doc.paragraphs.partition_point(|p| p.end < offset);
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut group: Vec<Diagnostic> = Vec::new();
    let flush = |group: &mut Vec<Diagnostic>, out: &mut Vec<Diagnostic>| {
        let Some(mut first) = group.first().cloned() else {
            return;
        };
        if group.len() > 1 {
            first.message = format!("{} ({} times in this paragraph)", first.message, group.len()).into_boxed_str();
            // The finding covers them all, so every one of them is under
            // it (and under its fix).
            first.span = first.span.start..group.iter().map(|d| d.span.end).max().unwrap_or(first.span.end);
            let fixes: Option<Vec<&crate::diagnostic::Fix>> = group.iter().map(|d| d.fix.as_ref()).collect();
            first.fix = fixes.and_then(|fixes| {
                let ordered = fixes.windows(2).all(|w| w[0].span.end <= w[1].span.start);
                ordered.then(|| {
                    let start = fixes[0].span.start;
                    let end = fixes[fixes.len() - 1].span.end;
                    let mut replacement = String::new();
                    let mut cursor = start;
                    for f in &fixes {
                        replacement.push_str(&text[cursor..f.span.start]);
                        replacement.push_str(&f.replacement);
                        cursor = f.span.end;
                    }
                    let applicability = if fixes
                        .iter()
                        .all(|f| f.applicability == crate::diagnostic::Applicability::Safe)
                    {
                        crate::diagnostic::Applicability::Safe
                    } else {
                        crate::diagnostic::Applicability::Unsafe
                    };
                    crate::diagnostic::Fix {
                        span: start..end,
                        replacement: replacement.into_boxed_str(),
                        applicability,
                    }
                })
            });
        }
        out.push(first);
        group.clear();
    };
    let mut sorted = found;
    sorted.sort_by_key(|d| (d.span.start, d.span.end));
    for d in sorted {
        if let Some(last) = group.last()
            && paragraph_of(last.span.start) != paragraph_of(d.span.start)
        {
            flush(&mut group, &mut out);
        }
        group.push(d);
    }
    flush(&mut group, &mut out);
    out
}

/// Whether the full stop at `at` is inside a dotted abbreviation: letters
/// spelled out (`إيه.بي.سي`, `ان.بي.سي`: two stops or more between parts
/// of three letters at most; `إي.واي`: two letter names), a title's
/// initial (`د.محمد`, `أ.د`), or a domain in Arabic letters (`كريبتو.كوم`).
fn is_dotted_abbreviation(text: &str, at: usize) -> bool {
    let is_part = |c: char| is_arabic_word_char(Some(c)) || c == '.';
    // Abbreviations are short: look no further than this many characters
    // each way (a long run of letters and stops is no abbreviation, and
    // scanning all of it at every stop would be quadratic).
    const REACH: usize = 24;
    let start = text[..at]
        .char_indices()
        .rev()
        .take(REACH)
        .take_while(|&(_, c)| is_part(c))
        .last()
        .map_or(at, |(i, _)| i);
    let end = text[at..]
        .char_indices()
        .take(REACH)
        .take_while(|&(_, c)| is_part(c))
        .last()
        .map_or(at, |(i, c)| at + i + c.len_utf8());
    let run = &text[start..end];
    let parts: Vec<&str> = run.split('.').filter(|p| !p.is_empty()).collect();
    let letters = |p: &str| p.chars().filter(|&c| is_arabic_letter(c)).count();
    let before = text[start..at].rsplit('.').next().unwrap_or("");
    let after = text[at + 1..end].split('.').next().unwrap_or("");
    let initial = letters(before) == 1 || letters(after) == 1;
    let spelled = run.matches('.').count() >= 2 && parts.iter().all(|p| letters(p) <= 3);
    // One stop between two letter names: «إي.واي» (EY), «سي.إف» (CF).
    let letter = |p: &str| is_letter_name(&crate::arabic::fold::fold_literal(p));
    // A domain written in Arabic letters: «كريبتو.كوم».
    let domain = matches!(
        crate::arabic::fold::fold_literal(after).as_str(),
        "كوم" | "نت" | "اورج" | "اورغ"
    );
    initial || spelled || domain || (letter(before) && letter(after))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, mark: char, nth: usize) -> usize {
        text.match_indices(mark).nth(nth).unwrap().0
    }

    #[test]
    fn where_quotations_open_and_close() {
        let t = "قال:»نعم هنا» ثم بـ»الطموحة» وقالت « الطقس «، انتهى";
        assert!(opens_here(t, at(t, '»', 0), '»'), "after a colon, before a word");
        assert!(closes_here(t, at(t, '»', 1), '»'), "after a word, before a space");
        assert!(opens_here(t, at(t, '»', 2), '»'), "straight before a word");
        assert!(!closes_here(t, at(t, '»', 2), '»'));
        assert!(closes_here(t, at(t, '«', 1), '«'), "straight before a comma");
        assert!(!closes_here(t, at(t, '«', 0), '«'));
    }

    #[test]
    fn glued_letter_names_but_not_words() {
        assert!(ends_in_letter_name("وكالةسي"));
        assert!(ends_in_letter_name("وسي"));
        assert!(!ends_in_letter_name("قال"), "a word that ends in «ال»");
    }

    /// Double spaces as the walk over each line's characters found them
    /// before.
    fn double_spaces_by_lines(text: &str) -> Vec<Range<usize>> {
        let source = crate::source::SourceFile::new("t", text);
        let mut out = Vec::new();
        for line_index in 0..source.line_count() {
            let range = source.line_range(line_index);
            let line = &text[range.clone()];
            let content = line.trim_end_matches(['\n', '\r']).trim_end_matches(is_inline_space);
            let lead = content.len() - content.trim_start_matches(is_inline_space).len();
            let mut run: Option<usize> = None;
            for (i, ch) in content.char_indices().skip_while(|&(i, _)| i < lead) {
                if is_inline_space(ch) {
                    run.get_or_insert(i);
                    continue;
                }
                if let Some(start) = run.take()
                    && content[start..i].chars().count() >= 2
                {
                    out.push(range.start + start..range.start + i);
                }
            }
        }
        out
    }

    #[test]
    fn the_inline_spaces_read_from_bytes_are_those_the_test_names() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}b");
            let after = 1 + c.len_utf8();
            let width = usize::from(is_inline_space(c)) * c.len_utf8();
            assert_eq!(inline_space_at(text.as_bytes(), 1), width, "{c:?}");
            assert_eq!(inline_space_before(text.as_bytes(), after), width, "{c:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn double_spaces_are_those_the_walk_over_lines_found(
            text in "[ \t\u{A0}\u{202F}\u{2009}\u{2003}\u{2028}\r\naبـ\u{FEFF}\u{E2}]{0,40}"
        ) {
            proptest::prop_assert_eq!(double_spaces(&text).collect::<Vec<_>>(), double_spaces_by_lines(&text));
        }
    }
}
