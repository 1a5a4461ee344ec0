//! Common Arabic words (from wordfreq, see `rules/data/ar-common-words.txt`),
//! folded, for telling ordinary vocabulary from rare words such as
//! transliterated names.

use super::fold::fold_literal;
use std::collections::HashSet;
use std::sync::OnceLock;

static COMMON_WORDS: &str = include_str!("../../rules/data/ar-common-words.txt");

fn common() -> &'static HashSet<String> {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        COMMON_WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(fold_literal)
            .collect()
    })
}

/// Whether a folded word is a common Arabic word as written (clitics
/// included: the list holds surface forms such as «والحكومة»).
pub fn is_common(folded_word: &str) -> bool {
    common().contains(folded_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_words_are_folded() {
        assert!(is_common("في"));
        assert!(is_common("الحكومه"), "teh marbuta is folded");
        assert!(is_common("ان"), "hamza is folded");
        assert!(!is_common("الغويران"));
    }
}
