//! A big text checked a stretch of paragraphs at a time: each stretch is
//! built into its own document, checked, and dropped, so what is held at
//! once follows the stretch rather than the file (a whole document is
//! the text, its folded copy and its tokens: three times the file).
//!
//! A stretch is whole paragraphs, cut where a line starts a paragraph and
//! folding starts afresh, so its document is the whole document's
//! paragraphs, sentences and tokens from that line on; its findings are
//! shifted back to the file's offsets. A rule that reads across paragraphs
//! ([`Rule::reads_across_paragraphs`]) hands on what it finds in each
//! stretch to a state carried from stretch to stretch
//! ([`crate::rules::carry`]). A text is checked this way only when every
//! rule that runs reads a paragraph at a time or can carry what it reads:
//! the output is then the same as the whole document's, but for one case
//! no bundled rule meets: a `[[pattern]]` regex that can match across a
//! blank line (`\s+` between two paragraphs) finds no match that would
//! run over the boundary between two stretches.
//!
//! [`Rule::reads_across_paragraphs`]: crate::rules::Rule::reads_across_paragraphs

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::engine::Engine;
use crate::rules::Article;
use crate::rules::carry::Carried;
use crate::source::SourceFile;
use std::ops::Range;

/// About how long a stretch is: long enough that what each document costs
/// beside its text is nothing, short enough that the stretches in progress
/// are a small part of a big file.
pub const STRETCH_LEN: usize = 256 << 10;

/// Texts from this size up are checked a stretch at a time when the rules
/// allow it; a smaller one is built whole, its pieces in parallel. (From
/// 5 MB up the two take the same time, and from 50 MB up the stretches
/// are faster; a 2.5 MB text took 5 % longer in stretches.)
pub const STRETCHES_FROM: usize = 4 << 20;

/// Bytes of text per finding the room reserved for the findings allows
/// (the bench's big file has one finding per 240 bytes).
const BYTES_PER_FINDING: usize = 64;

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
    for paragraph in crate::document::each_paragraph(text) {
        // The paragraph's line: only whitespace stands before it there.
        let line_start = text[..paragraph.start].rfind('\n').map_or(0, |i| i + 1);
        if line_start - from >= len && crate::arabic::fold::folds_afresh_at(text, line_start) {
            out.push(from..line_start);
            from = line_start;
        }
    }
    out.push(from..text.len());
    out
}

/// Whether `engine` checks a text of `len` bytes a stretch at a time.
pub fn apply(engine: &Engine, len: usize) -> bool {
    len >= STRETCHES_FROM && engine.checks_in_stretches()
}

/// Every finding of `engine` in `source`, the text checked a stretch of
/// about `len` bytes at a time, in the order [`Engine::lint_document`]
/// gives them (no English original: the source-aware rules compare
/// segments across the whole text).
///
/// The stretches are checked on the thread pool; what the rules that read
/// across paragraphs hand on is taken in the stretches' order on this
/// thread, so only the stretches in progress are held at once.
pub fn lint(engine: &Engine, source: &SourceFile, len: usize) -> Vec<Diagnostic> {
    let text = source.text();
    let stretches = cut(text, len);
    if stretches.len() == 1 {
        // One paragraph, or paragraphs that cannot be cut apart: a copy of
        // the text as its one stretch would only add to the memory.
        return engine.lint_document(&Document::new(source), None);
    }
    let article = Article::new(text);
    let check = |range: &Range<usize>| {
        let stretch = source.stretch_of(range.clone());
        let doc = Document::new(&stretch);
        let (found, parts) = engine.check_stretch(&doc, &article);
        (range.start, found, parts)
    };
    let mut carried: Vec<_> = engine.rules_across_stretches().map(|rule| rule.carry(source)).collect();
    // Room for the findings, reserved up front: address space, which
    // costs no memory until it is written. Grown by doubling, the vector
    // held its old copy beside the new one each time (on the bench's big
    // file the findings are a hundred megabytes); if the findings are
    // more, or the room is refused, it grows as usual.
    let mut found: Vec<Diagnostic> = Vec::new();
    let _ = found.try_reserve_exact(text.len() / BYTES_PER_FINDING);
    let take = |(start, in_stretch, parts): (usize, Vec<Diagnostic>, Vec<_>)| {
        found.extend(in_stretch.into_iter().map(|mut d| {
            d.shift(start);
            d
        }));
        for (state, part) in carried.iter_mut().zip(parts) {
            state.take(part, start, &mut found);
        }
    };
    let parallel = crate::parallel::share_work(text.len());
    if parallel {
        crate::parallel::in_order::for_each_in_order(&stretches, STRETCHES_PER_THREAD, check, take);
    } else {
        stretches.iter().map(check).for_each(take);
    }
    // The rules' last findings, side by side: each reads only its own state.
    let finish = |state: Box<dyn Carried + '_>| {
        let mut out = Vec::new();
        state.finish(&mut out);
        out
    };
    let last: Vec<Vec<Diagnostic>> = if parallel {
        use rayon::prelude::*;
        carried.into_par_iter().with_max_len(1).map(finish).collect()
    } else {
        carried.into_iter().map(finish).collect()
    };
    found.extend(last.into_iter().flatten());
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
