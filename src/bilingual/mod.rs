//! Checking a translation against its English original: pairing the two
//! texts (paragraphs, lines, or XLIFF/TMX units), and the values compared
//! across them (numbers, dates, URLs, names).

pub mod align;
pub mod dates;
pub mod numbers;
pub mod pairing;
pub mod transliteration;

use crate::source::SourceFile;
use align::{Pair, align, line_mode, segments};

/// A translation's original, paired with it segment by segment.
#[derive(Debug)]
pub struct Bilingual<'a> {
    /// The English text (for XLIFF and TMX, the exchange file with
    /// everything but the source segments blanked). Related spans point
    /// into it.
    pub original: &'a SourceFile,
    pub pairs: Vec<Pair>,
}

impl<'a> Bilingual<'a> {
    /// Pairs an original with the text of its translation: by paragraph,
    /// or by line when neither separates paragraphs with blank lines.
    pub fn align(original: &'a SourceFile, translation: &str) -> Bilingual<'a> {
        let lines = line_mode(original.text(), translation);
        let mut en = segments(original.text(), lines);
        let mut ar = segments(translation, lines);
        if lines {
            // Empty last lines are kept as far as the other side has lines
            // there: a dropped last line is then paired as the empty line
            // it is, not left for the aligner to guess.
            let core = |s: &[std::ops::Range<usize>]| s.len() - s.iter().rev().take_while(|r| r.is_empty()).count();
            let keep = core(&en).max(core(&ar));
            en.truncate(keep);
            ar.truncate(keep);
        }
        let pairs = align(original.text(), &en, translation, &ar);
        Bilingual { original, pairs }
    }

    /// Segments already paired (XLIFF and TMX units).
    pub fn paired(original: &'a SourceFile, pairs: Vec<Pair>) -> Bilingual<'a> {
        Bilingual { original, pairs }
    }

    pub fn original_text(&self) -> &str {
        self.original.text()
    }

    /// The original segment paired with the translation's byte `offset`.
    pub fn original_at(&self, offset: usize) -> Option<&str> {
        let pair = self
            .pairs
            .iter()
            .find(|p| p.ar.as_ref().is_some_and(|r| r.start <= offset && offset < r.end))?;
        Some(&self.original_text()[pair.en.clone()?])
    }
}

/// Whether an English text says `phrase` (case-insensitive, whole words).
pub fn says(text: &str, phrase: &str) -> bool {
    find_whole_word(&text.to_lowercase(), &phrase.to_lowercase()).is_some()
}

/// The first occurrence of `word` in `text` not inside a longer word.
pub fn find_whole_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(i) = text[from..].find(word).map(|i| i + from) {
        if is_whole_word(text, i..i + word.len()) {
            return Some(i);
        }
        from = i + word.len().max(1);
    }
    None
}

/// Whether `text[range]` is not part of a longer word.
pub fn is_whole_word(text: &str, range: std::ops::Range<usize>) -> bool {
    let before = text[..range.start].chars().next_back();
    let after = text[range.end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}
