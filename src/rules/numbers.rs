//! `[[numbers]]`: numbers garbled by MT, and digit systems mixed in one
//! article.
//!
//! A number laid out right to left can come out with its thousand groups
//! reversed («000 330» for 330,000): no number starts with the group 000.

use super::builtin_regexes;
use super::carry::{AcrossStretches, Carried, Part, unpack};
use super::check::{CheckKind, CheckMeta, Configured, Family, no_options};
use super::stored_regex::Finder;
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::script::is_arabic_indic_digit;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::source::SourceFile;
use regex_automata::Input;
use std::cell::OnceCell;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberCheck {
    ReversedGroups,
    SplitGroup,
    MixedDigits,
}

impl CheckKind for NumberCheck {
    const FAMILY: RuleKind = RuleKind::Numbers;
    const NAMES: &'static [&'static str] = &["reversed-groups", "split-group", "mixed-digits"];
    const FILLS: &'static [&'static str] = &["found", "suggestion", "minority", "majority"];

    fn parse(name: &str, table: &toml::Table) -> Result<Self, String> {
        no_options(name, table)?;
        Ok(match name {
            "reversed-groups" => NumberCheck::ReversedGroups,
            "split-group" => NumberCheck::SplitGroup,
            _ => NumberCheck::MixedDigits,
        })
    }

    fn fixable(&self) -> bool {
        matches!(self, NumberCheck::ReversedGroups)
    }
}

/// Groups of digits joined by thousands separators or single spaces.
static DIGIT_GROUPS: LazyLock<Finder> = LazyLock::new(|| Finder::new(&builtin_regexes::DIGIT_GROUPS));

/// Builds this module's regexes now (see [`crate::rules::WARM_UPS`]).
pub fn warm_up() {
    LazyLock::force(&DIGIT_GROUPS);
}

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit() || is_arabic_indic_digit(c))
}

/// What a number starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numeral {
    /// 0–9.
    Western,
    /// ٠–٩ or ۰–۹.
    Eastern,
    /// A numeric character past the Arabic block (another script's digit,
    /// «３»): a regex's `\d` holds some of them.
    Other,
}

/// A place a number may start: the first of a run of Western or
/// Arabic-Indic digits (a digit after a character that is neither), or a
/// numeric character past the Arabic block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct NumberStart {
    /// A document's offsets are 32-bit.
    at: u32,
    kind: Numeral,
}

/// What the family's checks read about a document's numbers, each found
/// once for all of them, when first asked for.
struct Numbers<'d> {
    doc: &'d Document<'d>,
    starts: OnceCell<Vec<NumberStart>>,
    /// The numbers of more than one group outside URLs.
    grouped: OnceCell<Vec<Range<usize>>>,
}

impl<'d> Numbers<'d> {
    fn new(doc: &'d Document<'d>) -> Self {
        Numbers {
            doc,
            starts: OnceCell::new(),
            grouped: OnceCell::new(),
        }
    }

    fn starts(&self) -> &[NumberStart] {
        self.starts.get_or_init(|| number_starts(self.doc))
    }
}

/// Every place a number may start in a document, in order. Every numeric
/// character is in a token, and the tokenizer notes which tokens hold one
/// ([`Document::has_numeral`]): only those are read, each up to where the
/// next token starts (a token's span stops short of its word when the
/// word carries tens of thousands of marks). Before, a walk decoded every
/// character of the text and a regex searched all of it again.
fn number_starts(doc: &Document) -> Vec<NumberStart> {
    let text = doc.text();
    let mut out = Vec::new();
    // Where the text read so far ends, and whether a digit ends it: a word
    // cut from a long run goes on where the last one stopped.
    let (mut read_to, mut previous_digit) = (0, false);
    for (i, token) in doc.tokens.iter().enumerate() {
        if !doc.has_numeral(i) {
            continue;
        }
        let span = token.span();
        let start = span.start.max(read_to);
        let end = doc
            .tokens
            .get(i + 1)
            .map_or(text.len(), |next| next.span().start)
            .max(span.end);
        let carried = start == read_to && previous_digit;
        previous_digit = number_starts_in(text, start..end, carried, &mut out);
        read_to = end;
    }
    out
}

/// Appends the places a number may start in `text[range]`, given whether
/// a digit comes right before it; returns whether a digit ends it. One
/// pass over the bytes: Western and Arabic-Indic digits are told by their
/// bytes alone, and only characters outside ASCII and the Arabic block
/// (where no other script's digit lies) are decoded.
fn number_starts_in(text: &str, range: Range<usize>, mut previous_digit: bool, out: &mut Vec<NumberStart>) -> bool {
    let bytes = &text.as_bytes()[..range.end];
    let mut push = |at: usize, kind: Numeral| {
        out.push(NumberStart { at: at as u32, kind });
    };
    let mut i = range.start;
    while let Some(&lead) = bytes.get(i) {
        let (width, digit) = match lead {
            0..0x80 => (1, lead.is_ascii_digit().then_some(Numeral::Western)),
            // U+0660–U+0669 and U+06F0–U+06F9.
            0xD9 | 0xDB => {
                let eastern = match (lead, bytes.get(i + 1).copied()) {
                    (0xD9, Some(0xA0..=0xA9)) | (0xDB, Some(0xB0..=0xB9)) => Some(Numeral::Eastern),
                    _ => None,
                };
                (2, eastern)
            }
            // U+0080–U+06FF besides: no numeric character a number starts
            // with (Latin-1's «²» and «½» are numeric but not digits).
            0xC0..0xDC => (2, None),
            _ => {
                // Not a continuation byte: `i` is always a character's start.
                let c = text[i..].chars().next().unwrap_or_default();
                if c.is_numeric() {
                    push(i, Numeral::Other);
                }
                (c.len_utf8(), None)
            }
        };
        if let Some(kind) = digit
            && !previous_digit
        {
            push(i, kind);
        }
        previous_digit = digit.is_some();
        i += width;
    }
    previous_digit
}

/// The matches of [`DIGIT_GROUPS`] in `text`, as `find_iter` finds them,
/// searched for only from the places a number may start. A match never
/// runs over a line's end (no separator is one), so each search stops at
/// the end of the line it starts in.
fn digit_groups(text: &str, starts: &[NumberStart]) -> impl Iterator<Item = Range<usize>> {
    let mut from = 0;
    let mut line_end = 0;
    starts.iter().filter_map(move |start| {
        let at = start.at as usize;
        if at < from {
            return None;
        }
        if at >= line_end {
            line_end = memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i);
        }
        let found = DIGIT_GROUPS.find(Input::new(&text[..line_end]).range(at..));
        from = found.map_or(line_end, |m| m.end());
        found.map(|m| m.range())
    })
}

impl NumberCheck {
    fn run(&self, c: &Configured<NumberCheck>, cx: &CheckContext, found: &Numbers, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text();
        let meta = &c.meta;
        match self {
            NumberCheck::ReversedGroups | NumberCheck::SplitGroup => {
                // Both checks read the same numbers: one search finds them,
                // keeping those of more than one group outside URLs.
                let grouped = found.grouped.get_or_init(|| {
                    digit_groups(text, found.starts())
                        .filter(|m| text[m.clone()].contains(|c: char| !c.is_numeric()) && !cx.in_url(m.start))
                        .collect()
                });
                for range in grouped {
                    let found = &text[range.clone()];
                    let groups: Vec<&str> = found.split(|c: char| !c.is_numeric()).collect();
                    let seps: Vec<char> = found.chars().filter(|c| !c.is_numeric()).collect();
                    if groups.len() < 2 {
                        continue;
                    }
                    let zeros = |g: &str| g.chars().count() == 3 && g.chars().all(|c| c == '0' || c == '٠');
                    if *self == NumberCheck::ReversedGroups
                        && zeros(groups[0])
                        && groups.len() == 2
                        && groups[1].chars().count() <= 3
                    {
                        let fixed = format!("{},{}", groups[1], groups[0]);
                        let d = meta.diagnostic(range.clone(), &[("found", found), ("suggestion", &fixed)]);
                        out.push(
                            d.with_fix(Some(meta.fix(range.clone(), fixed.clone())))
                                .with_suggestions([fixed]),
                        );
                    }
                    // «12 5»: a space inside a number whose later group is not
                    // three digits long cannot be a thousands separator.
                    let spaced = seps.iter().all(|&s| s == ' ' || s == '\u{00A0}');
                    let bad_group = groups[1..].iter().any(|g| g.chars().count() != 3);
                    // «كوفيد-19 2%»: a number that ends a name, then another one.
                    let before = text[..range.start].chars().next_back();
                    let after = text[range.end..].chars().next();
                    let part_of_name = before.is_some_and(|c| c == '-' || c.is_alphabetic());
                    let unit_after = after.is_some_and(|c| matches!(c, '%' | '٪') || c.is_alphabetic());
                    if *self == NumberCheck::SplitGroup
                        && spaced
                        && bad_group
                        && groups.len() == 2
                        && groups[0].chars().count() <= 3
                        && !zeros(groups[0])
                        && !part_of_name
                        && !unit_after
                    {
                        out.push(meta.diagnostic(range.clone(), &[("found", found)]));
                    }
                }
            }
            NumberCheck::MixedDigits => out.extend(DigitCounts::of(cx, found).mixed(meta, text)),
        }
    }
}

/// How many numbers of each script a text has, and where the first of
/// each is: what the mixed-digits check reads.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct DigitCounts {
    western: usize,
    eastern: usize,
    first_western: Option<usize>,
    first_eastern: Option<usize>,
}

impl DigitCounts {
    fn of(cx: &CheckContext, found: &Numbers) -> DigitCounts {
        let mut counts = DigitCounts::default();
        for &NumberStart { at, kind } in found.starts() {
            let at = at as usize;
            if kind == Numeral::Other || cx.in_url(at) {
                continue;
            }
            if kind == Numeral::Western {
                counts.western += 1;
                counts.first_western.get_or_insert(at);
            } else {
                counts.eastern += 1;
                counts.first_eastern.get_or_insert(at);
            }
        }
        counts
    }

    /// The counts of this text followed by those of a text that starts at
    /// byte `start` after it.
    fn then(self, next: DigitCounts, start: usize) -> DigitCounts {
        DigitCounts {
            western: self.western + next.western,
            eastern: self.eastern + next.eastern,
            first_western: self.first_western.or(next.first_western.map(|at| at + start)),
            first_eastern: self.first_eastern.or(next.first_eastern.map(|at| at + start)),
        }
    }

    /// The finding at the first number of the minority's script, when
    /// `text` (the one counted) has numbers of both.
    fn mixed(&self, meta: &CheckMeta, text: &str) -> Option<Diagnostic> {
        let DigitCounts { western, eastern, .. } = *self;
        if western == 0 || eastern == 0 {
            return None;
        }
        let (at, minority, majority) = if eastern <= western {
            (self.first_eastern?, "Arabic-Indic (٠١٢)", "Western (012)")
        } else {
            (self.first_western?, "Western (012)", "Arabic-Indic (٠١٢)")
        };
        let end = at
            + text[at..]
                .chars()
                .take_while(|&c| is_digit(Some(c)))
                .map(char::len_utf8)
                .sum::<usize>();
        let found = &text[at..end];
        let d = meta.diagnostic(
            at..end,
            &[("found", found), ("minority", minority), ("majority", majority)],
        );
        Some(d.with_note(format!(
            "{western} Western and {eastern} Arabic-Indic numbers in this article"
        )))
    }
}

impl AcrossStretches for Family<NumberCheck> {
    /// The other checks' findings, and the stretch's digit counts.
    fn check_stretch(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) -> Part {
        let found = Numbers::new(cx.doc);
        for c in self.checks.iter().filter(|c| c.check != NumberCheck::MixedDigits) {
            c.check.run(c, cx, &found, out);
        }
        Box::new(DigitCounts::of(cx, &found))
    }

    fn carry<'a>(&'a self, source: &'a SourceFile) -> Box<dyn Carried + 'a> {
        Box::new(CarriedCounts {
            family: self,
            text: source.text(),
            counts: DigitCounts::default(),
        })
    }
}

/// The article's digit counts so far.
struct CarriedCounts<'a> {
    family: &'a Family<NumberCheck>,
    text: &'a str,
    counts: DigitCounts,
}

impl Carried for CarriedCounts<'_> {
    fn take(&mut self, part: Part, start: usize, _out: &mut Vec<Diagnostic>) {
        self.counts = self.counts.then(unpack(part), start);
    }

    fn finish(self: Box<Self>, out: &mut Vec<Diagnostic>) {
        for c in self
            .family
            .checks
            .iter()
            .filter(|c| c.check == NumberCheck::MixedDigits)
        {
            out.extend(self.counts.mixed(&c.meta, self.text));
        }
    }
}

impl Rule for Family<NumberCheck> {
    /// Mixed digits are counted across the whole article.
    fn reads_across_paragraphs(&self) -> bool {
        self.checks.iter().any(|c| c.check == NumberCheck::MixedDigits)
    }

    fn across_stretches(&self) -> Option<&dyn AcrossStretches> {
        Some(self)
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let found = Numbers::new(cx.doc);
        for c in &self.checks {
            c.check.run(c, cx, &found, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    /// The starts of digit runs as the walk over every character found
    /// them before.
    fn digit_runs_by_walking(text: &str) -> Vec<NumberStart> {
        let mut out = Vec::new();
        let mut previous = None;
        for (i, ch) in text.char_indices() {
            let starts_run = !is_digit(previous);
            previous = Some(ch);
            if !starts_run || !is_digit(Some(ch)) {
                continue;
            }
            let kind = if ch.is_ascii_digit() {
                Numeral::Western
            } else {
                Numeral::Eastern
            };
            out.push(NumberStart { at: i as u32, kind });
        }
        out
    }

    #[test]
    fn numbers_start_at_runs_of_digits_and_other_numerals() {
        let text = "في 2024 و٣٬٠٠٠ و۱۲ ½ ３ x1y22";
        let at = |needle: &str| text.find(needle).unwrap() as u32;
        let source = SourceFile::new("t", text);
        let starts = number_starts(&Document::new(&source));
        let expected = [
            (at("2024"), Numeral::Western),
            (at("٣"), Numeral::Eastern),
            (at("٠٠٠"), Numeral::Eastern),
            (at("۱۲"), Numeral::Eastern),
            (at("３"), Numeral::Other),
            // «½» is numeric but no digit: it starts no number a regex finds.
            (at("1y"), Numeral::Western),
            (at("22"), Numeral::Western),
        ];
        let found: Vec<(u32, Numeral)> = starts.iter().map(|s| (s.at, s.kind)).collect();
        assert_eq!(found, expected);
    }

    /// A run of digits longer than a word is cut into tokens; the number
    /// still starts once.
    #[test]
    fn a_number_cut_into_words_starts_once() {
        let digits = "7".repeat(crate::document::MAX_WORD_LEN + 100);
        let text = format!("رقم {digits} و٣");
        let source = SourceFile::new("t", text.clone());
        let doc = Document::new(&source);
        assert!(doc.tokens.len() > 3, "the run is cut");
        let found: Vec<(u32, Numeral)> = number_starts(&doc).iter().map(|s| (s.at, s.kind)).collect();
        let at = |needle: &str| text.find(needle).unwrap() as u32;
        assert_eq!(found, [(at("7"), Numeral::Western), (at("٣"), Numeral::Eastern)]);
    }

    /// A word whose marks make its span longer than a token can hold: the
    /// digits after the span's end are still read.
    #[test]
    fn digits_past_a_long_span_are_read() {
        let text = format!("1{}2 ٣", "\u{064E}".repeat(40_000));
        let source = SourceFile::new("t", text.clone());
        let doc = Document::new(&source);
        assert!(
            doc.tokens[0].span().end < text.find('2').unwrap(),
            "the span stops short"
        );
        let mut whole = Vec::new();
        number_starts_in(&text, 0..text.len(), false, &mut whole);
        assert_eq!(whole.len(), 3);
        assert_eq!(number_starts(&doc), whole);
    }

    proptest::proptest! {
        /// The places numbers start, read from the tokens with numerals,
        /// are those a pass over the whole text finds; the search from them
        /// finds what the search of the whole text finds, and the digit runs
        /// are those the walk over every character found.
        #[test]
        fn numbers_found_from_their_starts_are_those_the_whole_search_finds(
            text in "[0-9٠-٩۰-۹３߀①Ⅻ½² ,.٬٫\u{00A0}\u{200B}\u{64E}\na-zبتة،-]{0,60}"
        ) {
            let source = SourceFile::new("t", text.clone());
            let starts = number_starts(&Document::new(&source));
            let mut whole_text = Vec::new();
            number_starts_in(&text, 0..text.len(), false, &mut whole_text);
            proptest::prop_assert_eq!(&starts, &whole_text);
            let from_starts: Vec<Range<usize>> = digit_groups(&text, &starts).collect();
            let whole: Vec<Range<usize>> = DIGIT_GROUPS.find_iter(&text).map(|m| m.range()).collect();
            proptest::prop_assert_eq!(&from_starts, &whole);
            // The stored DFAs find what the regex crate finds.
            let by_regex: Vec<Range<usize>> = regex::Regex::new(builtin_regexes::DIGIT_GROUPS.source)
                .unwrap()
                .find_iter(&text)
                .map(|m| m.range())
                .collect();
            proptest::prop_assert_eq!(whole, by_regex);
            let runs: Vec<NumberStart> = starts.into_iter().filter(|s| s.kind != Numeral::Other).collect();
            proptest::prop_assert_eq!(runs, digit_runs_by_walking(&text));
        }
    }
}
