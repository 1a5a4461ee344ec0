//! Arabic word frequencies (from wordfreq, see `rules/data/ar-word-frequency.tsv`),
//! for telling ordinary vocabulary from rare words such as transliterated
//! names. The file is stored folded and sorted, so loading it is one split.

use std::collections::HashMap;
use std::sync::OnceLock;

static DATA: &str = include_str!("../../rules/data/ar-word-frequency.tsv");

/// Word → Zipf frequency. A hash map: rules ask about nearly every word
/// of an article, and a binary search over 95,000 words sharing their first
/// letters spent most of its time comparing them.
fn entries() -> &'static HashMap<&'static str, f32> {
    static ENTRIES: OnceLock<HashMap<&'static str, f32>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        DATA.lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let (word, zipf) = l.split_once('\t')?;
                Some((word, zipf.parse().ok()?))
            })
            .collect()
    })
}

/// Zipf frequency of a folded surface form (clitics included: the list
/// holds forms such as «والحكومه»), or `None` when it is rarer than about
/// 3 per 10 million words.
pub fn zipf(folded_word: &str) -> Option<f32> {
    entries().get(folded_word).copied()
}

/// The raw data, for the test that checks it is folded and sorted.
pub fn raw_data() -> &'static str {
    DATA
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_use_folded_forms() {
        assert!(zipf("في").unwrap() > 7.0);
        assert!(zipf("الحكومه").is_some(), "teh marbuta is folded");
        assert!(zipf("ان").is_some(), "hamza is folded");
        assert_eq!(zipf("الغويران"), None);
    }
}
