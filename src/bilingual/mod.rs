//! Checking a translation against its English original: pairing the two
//! texts (paragraphs, lines, or XLIFF/TMX units), and the values compared
//! across them (numbers, dates, URLs, names).

pub mod align;
pub mod dates;
pub mod numbers;
pub mod pairing;

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
        let en = segments(original.text(), lines);
        let ar = segments(translation, lines);
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
    let text = text.to_lowercase();
    let phrase = phrase.to_lowercase();
    let mut from = 0;
    while let Some(i) = text[from..].find(&phrase).map(|i| i + from) {
        let before = text[..i].chars().next_back();
        let after = text[i + phrase.len()..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return true;
        }
        from = i + phrase.len().max(1);
    }
    false
}
