//! A big text checked a stretch of paragraphs at a time: each stretch is
//! built into its own document, checked, and dropped, so what is held at
//! once follows the stretch rather than the file (a whole document is
//! the text, its folded copy and its tokens: three times the file).
//!
//! A stretch is whole paragraphs, cut where a line starts a paragraph and
//! folding starts afresh, so its document is the whole document's
//! paragraphs, sentences and tokens from that line on; its findings are
//! shifted back to the file's offsets. Only when every rule that runs reads
//! a paragraph at a time ([`Rule::reads_across_paragraphs`]) is a text
//! checked this way: the output is then the same as the whole document's.
//!
//! [`Rule::reads_across_paragraphs`]: crate::rules::Rule::reads_across_paragraphs

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::engine::Engine;
use crate::rules::Article;
use crate::source::SourceFile;
use std::ops::Range;

/// About how long a stretch is: long enough that what each document costs
/// beside its text is nothing, short enough that the stretches in progress
/// are a small part of a big file.
pub const STRETCH_LEN: usize = 1 << 20;

/// Texts from this size up are checked a stretch at a time when the rules
/// allow it; a smaller one is built whole, its pieces in parallel.
pub const STRETCHES_FROM: usize = 2 * STRETCH_LEN;

/// Stretches in progress or waiting to be handed over, per thread.
const STRETCHES_PER_THREAD: usize = 2;

/// Cuts `text` into stretches of at least `len` bytes (the last may be
/// shorter). Each starts at the start of a line that starts a paragraph
/// (after a blank line) with a character that folds to one of its own, so
/// neither a paragraph nor a run of whitespace goes on from one stretch
/// into the next.
pub fn cut(text: &str, len: usize) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / len.max(1) + 1);
    let mut from = 0;
    let mut line_start = 0;
    // The text's start counts as a blank line before its first paragraph.
    let mut after_blank = true;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        if !blank && after_blank && line_start - from >= len && crate::arabic::fold::folds_afresh_at(text, line_start) {
            out.push(from..line_start);
            from = line_start;
        }
        after_blank = blank;
        line_start += line.len();
    }
    out.push(from..text.len());
    out
}

/// Whether `engine` checks a text of `len` bytes a stretch at a time.
pub fn apply(engine: &Engine, len: usize) -> bool {
    len >= STRETCHES_FROM && engine.reads_paragraphs_alone()
}

/// Every finding of `engine` in `source`, the text checked a stretch of
/// about `len` bytes at a time, in the order [`Engine::lint_document`]
/// gives them (no English original: the source-aware rules compare
/// segments across the whole text).
pub fn lint(engine: &Engine, source: &SourceFile, len: usize) -> Vec<Diagnostic> {
    let text = source.text();
    let stretches = cut(text, len);
    let article = Article::new(text);
    let check = |range: &Range<usize>| -> Vec<Diagnostic> {
        let stretch = source.stretch_of(range.clone());
        let doc = Document::new(&stretch);
        let mut found = engine.every_finding_in(&doc, None, Some(&article));
        for d in &mut found {
            d.shift(range.start);
        }
        found
    };
    let mut parts = Vec::with_capacity(stretches.len());
    if crate::parallel::share_work(text.len()) {
        crate::parallel::in_order::for_each_in_order(&stretches, STRETCHES_PER_THREAD, check, |found| {
            parts.push(found)
        });
    } else {
        parts.extend(stretches.iter().map(check));
    }
    let mut found = crate::engine::concat_in_place(parts);
    // Each stretch's findings are in order, and so are the stretches; an
    // empty span at a stretch's very end may stand where the next begins.
    crate::diagnostic::sort_by_position(&mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stretches_start_at_paragraph_lines_and_cover_the_text() {
        let text = "أول سطر\nتابع\n\nفقرة ثانية\n\n  فقرة مزاحة\n\n\nفقرة رابعة\n";
        let stretches = cut(text, 1);
        assert_eq!(stretches.first().map(|r| r.start), Some(0));
        assert_eq!(stretches.last().map(|r| r.end), Some(text.len()));
        assert!(stretches.windows(2).all(|w| w[0].end == w[1].start));
        let starts: Vec<&str> = stretches
            .iter()
            .map(|r| text[r.clone()].lines().next().unwrap())
            .collect();
        // The indented paragraph starts with a space, where folding does
        // not start afresh: it stays with the stretch before.
        assert_eq!(starts, ["أول سطر", "فقرة ثانية", "فقرة رابعة"]);
        assert_eq!(cut(text, text.len()), vec![0..text.len()]);
        assert_eq!(cut("", 1), vec![0..0]);
    }
}
