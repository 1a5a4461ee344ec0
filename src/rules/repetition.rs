//! `[[repetition]]`: what scraping and MT leave behind in the structure of
//! an article: a paragraph that repeats earlier text (often a truncated copy
//! of the lead, from a teaser block), and a paragraph cut off inside a
//! quotation.

use super::check::{CheckKind, Configured, Family, no_options, options};
use super::{CheckContext, Rule, RuleKind, render_message};
use crate::diagnostic::Diagnostic;
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

impl Rule for Family<RepetitionCheck> {
    /// A duplicated paragraph repeats an earlier one.
    fn reads_across_paragraphs(&self) -> bool {
        self.checks
            .iter()
            .any(|c| matches!(c.check, RepetitionCheck::DuplicatedParagraph { .. }))
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let text = doc.text();
        for Configured { meta, check } in &self.checks {
            match check {
                RepetitionCheck::DuplicatedParagraph { min_words } => {
                    for_each_duplicate(cx, *min_words, |duplicate| {
                        let Duplicate {
                            paragraph,
                            tokens,
                            earlier_paragraph: earlier,
                            exact,
                        } = duplicate;
                        let whole = doc.paragraphs[paragraph].clone();
                        // Point at the opening words; the fix removes it all.
                        let opening_end = doc.tokens[tokens.start..tokens.end.min(tokens.start + OPENING_WORDS)]
                            .last()
                            .map_or(whole.end, |t| t.span().end);
                        let span = whole.start..opening_end;
                        let line = doc.source.line_col(doc.paragraphs[earlier].start).line.to_string();
                        let how = if exact { "an exact copy" } else { "a copy, cut short" };
                        let d =
                            meta.diagnostic(span, &[("found", &text[whole.clone()]), ("line", &line), ("how", how)]);
                        let removal = whole.start..paragraph_end_with_break(text, whole.end);
                        // The note says nothing of the fix: in Markdown or HTML
                        // the fix is dropped where it would cut markup, and the
                        // output says whether one is available.
                        out.push(d.with_fix(Some(meta.fix(removal, ""))).with_note(render_message(
                            "the text first appears on line {line}",
                            &[("line", &line)],
                        )));
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
    }
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
