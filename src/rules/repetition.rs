//! `[[repetition]]`: what scraping and MT leave behind in the structure of
//! an article: a paragraph that repeats earlier text (often a truncated copy
//! of the lead, from a teaser block), and a paragraph cut off inside a
//! quotation.

use super::carry::{AcrossStretches, Carried, Part, unpack};
use super::check::{CheckKind, CheckMeta, Configured, Family, no_options, options};
use super::{CheckContext, Rule, RuleKind, render_message};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::source::SourceFile;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RepetitionCheck {
    DuplicatedParagraph { min_words: usize },
    TruncatedQuotation,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct DuplicateOptions {
    /// Shorter paragraphs (a dateline, «تحرير الرفاق») may repeat.
    #[serde(default = "default_min_words")]
    min_words: usize,
}

fn default_min_words() -> usize {
    8
}

impl CheckKind for RepetitionCheck {
    const FAMILY: RuleKind = RuleKind::Repetition;
    const NAMES: &'static [&'static str] = &["duplicated-paragraph", "truncated-quotation"];
    const FILLS: &'static [&'static str] = &["found", "line", "how"];

    fn parse(name: &str, table: &toml::Table) -> Result<Self, String> {
        if name == "duplicated-paragraph" {
            let o: DuplicateOptions = options(table)?;
            if o.min_words < 3 {
                return Err("`min-words` must be at least 3".into());
            }
            return Ok(RepetitionCheck::DuplicatedParagraph { min_words: o.min_words });
        }
        no_options(name, table)?;
        Ok(RepetitionCheck::TruncatedQuotation)
    }

    fn fixable(&self) -> bool {
        matches!(self, RepetitionCheck::DuplicatedParagraph { .. })
    }
}

/// Words of a duplicated paragraph that its finding points at.
const OPENING_WORDS: usize = 5;

/// The end of a paragraph including the line breaks after it, so deleting
/// it leaves no blank-line gap behind.
fn paragraph_end_with_break(text: &str, end: usize) -> usize {
    let rest = &text[end..];
    let gap = rest.len() - rest.trim_start_matches(char::is_whitespace).len();
    if gap == rest.len() {
        return text.len();
    }
    // Up to the start of the next paragraph's line, keeping its indentation.
    end + rest[..gap].rfind('\n').map_or(0, |i| i + 1)
}

/// A paragraph that ends in an ellipsis: cut off, by a teaser or a scraper.
pub fn is_truncated(paragraph: &str) -> bool {
    let end = paragraph.trim_end();
    end.ends_with('…') || end.ends_with("...")
}

/// The opening quotation mark left open in a paragraph, if any.
fn unclosed_quote(paragraph: &str) -> Option<usize> {
    let mut open: Vec<usize> = Vec::new();
    let mut curly: Vec<usize> = Vec::new();
    for (i, c) in paragraph.char_indices() {
        match c {
            '«' => open.push(i),
            '»' => {
                open.pop();
            }
            '“' | '”' | '"' => curly.push(i),
            _ => {}
        }
    }
    let odd_curly = (curly.len() % 2 == 1).then(|| *curly.last().unwrap());
    match (open.first().copied(), odd_curly) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A paragraph that copies earlier text.
struct Duplicate {
    paragraph: usize,
    /// Its tokens.
    tokens: Range<usize>,
    earlier_paragraph: usize,
    exact: bool,
}

/// Finds paragraphs whose words repeat earlier text from the start of an
/// earlier paragraph on (the copy may run across several paragraphs, and its
/// last word may be cut short). Each is handed over as it is found, not
/// gathered first: a big file of repeated paragraphs has hundreds of
/// thousands.
fn for_each_duplicate(cx: &CheckContext, min_words: usize, mut found: impl FnMut(Duplicate)) {
    let doc = cx.doc;
    let tokens = &doc.tokens;
    let word = |i: usize| doc.folded_word(&tokens[i]);
    let key = |range: &Range<usize>| -> Vec<&str> { (range.start..range.end.min(range.start + 4)).map(word).collect() };
    // The paragraphs with words, by their first four (paragraph numbers in
    // 32 bits, like token numbers).
    let mut seen: FxHashMap<Vec<&str>, Vec<u32>> = FxHashMap::default();
    for paragraph in 0..doc.paragraphs.len() {
        let range = doc.paragraph_tokens(paragraph);
        if range.is_empty() {
            continue;
        }
        let len = range.len();
        let first_words = key(&range);
        if len >= min_words
            && let Some(candidates) = seen.get(&first_words)
        {
            let copy_of = candidates.iter().find_map(|&earlier| {
                let earlier = earlier as usize;
                let earlier_range = doc.paragraph_tokens(earlier);
                let mut i = 0;
                while i < len
                    && earlier_range.start + i < range.start
                    && word(earlier_range.start + i) == word(range.start + i)
                {
                    i += 1;
                }
                let cut_last_word = i + 1 == len
                    && earlier_range.start + i < range.start
                    && word(earlier_range.start + i).starts_with(word(range.start + i));
                (i == len || cut_last_word).then(|| {
                    let exact = i == len && earlier_range.len() == len;
                    (earlier, exact)
                })
            });
            if let Some((earlier_paragraph, exact)) = copy_of {
                found(Duplicate {
                    paragraph,
                    tokens: range.clone(),
                    earlier_paragraph,
                    exact,
                });
            }
        }
        seen.entry(first_words).or_default().push(paragraph as u32);
    }
}

/// The finding for paragraph `whole`, which repeats text from the
/// paragraph that starts at byte `earlier_start`; it points at the
/// paragraph's opening words, which end at `opening_end`.
fn duplicate_finding(
    meta: &CheckMeta,
    source: &SourceFile,
    whole: Range<usize>,
    opening_end: usize,
    earlier_start: usize,
    exact: bool,
) -> Diagnostic {
    let text = source.text();
    let span = whole.start..opening_end;
    let line = source.line_col(earlier_start).line.to_string();
    let how = if exact { "an exact copy" } else { "a copy, cut short" };
    let d = meta.diagnostic(span, &[("found", &text[whole.clone()]), ("line", &line), ("how", how)]);
    let removal = whole.start..paragraph_end_with_break(text, whole.end);
    // The note says nothing of the fix: in Markdown or HTML the fix is
    // dropped where it would cut markup, and the output says whether one
    // is available.
    d.with_fix(Some(meta.fix(removal, ""))).with_note(render_message(
        "the text first appears on line {line}",
        &[("line", &line)],
    ))
}

/// Where the opening words of paragraph `tokens` end.
fn opening_end(doc: &Document, paragraph: &Range<usize>, tokens: &Range<usize>) -> usize {
    doc.tokens[tokens.start..tokens.end.min(tokens.start + OPENING_WORDS)]
        .last()
        .map_or(paragraph.end, |t| t.span().end)
}

impl RepetitionCheck {
    fn run(&self, meta: &CheckMeta, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let text = doc.text();
        match self {
            RepetitionCheck::DuplicatedParagraph { min_words } => {
                for_each_duplicate(cx, *min_words, |duplicate| {
                    let Duplicate {
                        paragraph,
                        tokens,
                        earlier_paragraph: earlier,
                        exact,
                    } = duplicate;
                    let whole = doc.paragraphs[paragraph].clone();
                    let opening_end = opening_end(doc, &whole, &tokens);
                    let earlier_start = doc.paragraphs[earlier].start;
                    out.push(duplicate_finding(
                        meta,
                        doc.source,
                        whole,
                        opening_end,
                        earlier_start,
                        exact,
                    ));
                });
            }
            RepetitionCheck::TruncatedQuotation => {
                for paragraph in &doc.paragraphs {
                    let body = &text[paragraph.clone()];
                    if !is_truncated(body) {
                        continue;
                    }
                    if let Some(open) = unclosed_quote(body) {
                        let span = paragraph.start + open..paragraph.end;
                        let found: String = text[span.clone()].chars().take(40).collect();
                        out.push(meta.diagnostic(span, &[("found", &found)]));
                    }
                }
            }
        }
    }

    fn reads_across_paragraphs(&self) -> bool {
        matches!(self, RepetitionCheck::DuplicatedParagraph { .. })
    }
}

impl Rule for Family<RepetitionCheck> {
    /// A duplicated paragraph repeats an earlier one.
    fn reads_across_paragraphs(&self) -> bool {
        self.checks.iter().any(|c| c.check.reads_across_paragraphs())
    }

    fn across_stretches(&self) -> Option<&dyn AcrossStretches> {
        Some(self)
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        for Configured { meta, check } in &self.checks {
            check.run(meta, cx, out);
        }
    }
}

/// A paragraph with words, as a stretch hands it on to the search for
/// duplicated paragraphs: its place, its number of words, where its
/// opening words end, and its first four words.
struct Opening {
    range: Range<usize>,
    words: usize,
    opening_end: usize,
    /// The first four words, a space between them (a word holds none).
    key: Box<str>,
}

impl AcrossStretches for Family<RepetitionCheck> {
    /// The truncated quotations, and the paragraphs for the search for
    /// duplicated ones.
    fn check_stretch(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) -> Part {
        for Configured { meta, check } in self.checks.iter().filter(|c| !c.check.reads_across_paragraphs()) {
            check.run(meta, cx, out);
        }
        let doc = cx.doc;
        let mut openings = Vec::new();
        for (p, paragraph) in doc.paragraphs.iter().enumerate() {
            let tokens = doc.paragraph_tokens(p);
            if tokens.is_empty() {
                continue;
            }
            let mut key = String::new();
            for t in &doc.tokens[tokens.start..tokens.end.min(tokens.start + 4)] {
                if !key.is_empty() {
                    key.push(' ');
                }
                key.push_str(doc.folded_word(t));
            }
            openings.push(Opening {
                range: paragraph.clone(),
                words: tokens.len(),
                opening_end: opening_end(doc, paragraph, &tokens),
                key: key.into_boxed_str(),
            });
        }
        Box::new(openings)
    }

    fn carry<'a>(&'a self, source: &'a SourceFile) -> Box<dyn Carried + 'a> {
        Box::new(CarriedParagraphs {
            family: self,
            source,
            paragraphs: Vec::new(),
            seen: FxHashMap::default(),
        })
    }
}

/// A paragraph with words of the text so far: its place and its number of
/// words (32-bit, like a document's offsets).
struct Earlier {
    start: u32,
    end: u32,
    words: u32,
}

impl Earlier {
    fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// The paragraphs of the text so far, for [`for_each_duplicate`]'s search
/// across stretches: where each is, and which have the same first words.
struct CarriedParagraphs<'a> {
    family: &'a Family<RepetitionCheck>,
    source: &'a SourceFile,
    paragraphs: Vec<Earlier>,
    seen: FxHashMap<Box<str>, Vec<u32>>,
}

impl CarriedParagraphs<'_> {
    /// Whether paragraph `at` (its words `words`, not yet in the list)
    /// repeats text from the start of the earlier paragraph `earlier` on,
    /// as [`for_each_duplicate`] decides, and whether exactly. The words of
    /// the two are folded again from the text, unless the paragraphs are
    /// the same bytes.
    fn copies(&self, at: &Range<usize>, words: usize, earlier: usize) -> Option<bool> {
        let text = self.source.text();
        let first = &self.paragraphs[earlier];
        if text[first.range()] == text[at.clone()] {
            return Some(true);
        }
        let ours = folded_words(self.source, at.clone());
        debug_assert_eq!(ours.len(), words);
        // The earlier text's words from that paragraph on, up to this one.
        let mut theirs: Vec<String> = Vec::new();
        let mut next = earlier;
        let mut i = 0;
        loop {
            if i == theirs.len() {
                if next == self.paragraphs.len() || theirs.len() >= words {
                    break;
                }
                theirs.extend(folded_words(self.source, self.paragraphs[next].range()));
                next += 1;
                continue;
            }
            if i == words || theirs[i] != ours[i] {
                break;
            }
            i += 1;
        }
        let cut_last_word = i + 1 == words && theirs.get(i).is_some_and(|w| w.starts_with(ours[i].as_str()));
        (i == words || cut_last_word).then_some(i == words && first.words as usize == words)
    }
}

/// The folded words of the paragraph at `range`, as the whole document
/// has them.
fn folded_words(source: &SourceFile, range: Range<usize>) -> Vec<String> {
    let text = source.text();
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let paragraph = source.stretch_of(line_start..range.end);
    let doc = Document::new(&paragraph);
    doc.tokens.iter().map(|t| doc.folded_word(t).to_string()).collect()
}

impl Carried for CarriedParagraphs<'_> {
    fn take(&mut self, part: Part, start: usize, out: &mut Vec<Diagnostic>) {
        let openings: Vec<Opening> = unpack(part);
        for opening in openings {
            let range = opening.range.start + start..opening.range.end + start;
            let candidates = self.seen.get(&opening.key);
            for Configured { meta, check } in &self.family.checks {
                let RepetitionCheck::DuplicatedParagraph { min_words } = check else {
                    continue;
                };
                if opening.words < *min_words {
                    continue;
                }
                let copy_of = candidates.into_iter().flatten().find_map(|&earlier| {
                    let earlier = earlier as usize;
                    self.copies(&range, opening.words, earlier)
                        .map(|exact| (earlier, exact))
                });
                if let Some((earlier, exact)) = copy_of {
                    let earlier_start = self.paragraphs[earlier].start as usize;
                    out.push(duplicate_finding(
                        meta,
                        self.source,
                        range.clone(),
                        opening.opening_end + start,
                        earlier_start,
                        exact,
                    ));
                }
            }
            let number = self.paragraphs.len() as u32;
            self.paragraphs.push(Earlier {
                start: range.start as u32,
                end: range.end as u32,
                words: opening.words as u32,
            });
            self.seen.entry(opening.key).or_default().push(number);
        }
    }

    fn finish(self: Box<Self>, _out: &mut Vec<Diagnostic>) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_and_open_quotes() {
        assert!(is_truncated("قال إن “77 على…"));
        assert!(is_truncated("نص ... "));
        assert!(!is_truncated("نص كامل."));
        assert_eq!(unclosed_quote("قال “77 على…"), Some("قال ".len()));
        assert_eq!(unclosed_quote("قال «نص» و“هنا”"), None);
    }
}
