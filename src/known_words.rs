//! A project's own vocabulary (`known-words` in `mtlint.toml`): words the
//! project uses on purpose, such as a brand, a house transliteration or a
//! dialect form. A finding whose flagged text holds one of them is dropped,
//! whatever rule raised it.

use crate::arabic::clitics::{is_pronoun_suffix, proclitic};
use crate::arabic::fold::fold_literal;
use crate::arabic::script::is_word_char;
use std::collections::HashSet;

#[derive(Debug, Default, Clone)]
pub struct KnownWords {
    /// Folded Arabic words, lower-cased Latin ones.
    words: HashSet<String>,
}

/// The form a word is compared in.
fn key(word: &str) -> String {
    fold_literal(word).to_lowercase()
}

impl KnownWords {
    /// Adds words, one per entry; an entry of several words adds each.
    pub fn extend<'a>(&mut self, entries: impl IntoIterator<Item = &'a str>) {
        for entry in entries {
            for word in entry.split(|c: char| !is_word_char(c)).filter(|w| !w.is_empty()) {
                self.words.insert(key(word));
            }
        }
    }

    /// Reads a word list: one entry per line, `#` starts a comment.
    pub fn extend_from_list(&mut self, text: &str) {
        self.extend(
            text.lines()
                .map(|l| l.split('#').next().unwrap_or_default().trim())
                .filter(|l| !l.is_empty()),
        );
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    pub fn len(&self) -> usize {
        self.words.len()
    }

    /// Whether a word of the flagged text is known, as written or with its
    /// clitics taken off («وبورليس», «بورليسها»).
    pub fn covers(&self, flagged: &str) -> bool {
        if self.words.is_empty() {
            return false;
        }
        flagged
            .split(|c: char| !is_word_char(c))
            .filter(|w| !w.is_empty())
            .any(|w| self.knows(&key(w)))
    }

    fn knows(&self, word: &str) -> bool {
        let starts = word.char_indices().map(|(i, _)| i).take(5);
        starts.filter(|&i| i == 0 || proclitic(&word[..i]).is_some()).any(|i| {
            let stem = &word[i..];
            self.words.contains(stem)
                || stem
                    .char_indices()
                    .rev()
                    .take(3)
                    .any(|(j, _)| j > 0 && is_pronoun_suffix(&stem[j..]) && self.words.contains(&stem[..j]))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known(words: &[&str]) -> KnownWords {
        let mut k = KnownWords::default();
        k.extend(words.iter().copied());
        k
    }

    #[test]
    fn words_match_folded_and_with_clitics() {
        let k = known(&["بورليس", "Broadcom"]);
        assert!(k.covers("بورليس"));
        assert!(k.covers("وبورليس"));
        assert!(k.covers("بالبورليس"));
        assert!(k.covers("بورليسها"));
        assert!(k.covers("broadcom"));
        assert!(k.covers("فيت مي بورليس"));
        assert!(!k.covers("بورليسات"));
        assert!(!k.covers("ليس"));
    }

    #[test]
    fn hamza_and_teh_marbuta_fold() {
        let k = known(&["إنفيديا", "رابطة"]);
        assert!(k.covers("انفيديا"));
        assert!(k.covers("رابطه"));
    }

    #[test]
    fn list_files_have_comments() {
        let mut k = KnownWords::default();
        k.extend_from_list("# house words\nبورليس  # a brand\n\nدوريتو\n");
        assert!(k.covers("دوريتو"));
        assert!(k.covers("بورليس"));
        assert!(!k.covers("house"));
    }
}
