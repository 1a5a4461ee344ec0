//! Arabic word frequencies (from wordfreq, see `rules/data/ar-word-frequency.tsv`),
//! for telling ordinary vocabulary from rare words such as transliterated
//! names. The file is stored folded and sorted; build.rs compiles it into
//! a perfect-hash table (`word_tables`).

use super::word_tables::{LEXICON, LEXICON_ZIPF_HUNDREDTHS};

static DATA: &str = include_str!("../../rules/data/ar-word-frequency.tsv");

/// Zipf frequency of a folded surface form (clitics included: the list
/// holds forms such as «والحكومه»), or `None` when it is rarer than about
/// 3 per 10 million words.
pub fn zipf(folded_word: &str) -> Option<f32> {
    // Rules ask about the same words again and again (an article's common
    // words recur, and several rules ask about each): a small per-thread
    // memo with a fast hasher answers repeats without the table's SipHash
    // and its three scattered reads. Bounded, so a huge document does not
    // grow it without end.
    thread_local! {
        static SEEN: std::cell::RefCell<rustc_hash::FxHashMap<Box<str>, Option<f32>>> =
            std::cell::RefCell::new(rustc_hash::FxHashMap::default());
    }
    const MAX_REMEMBERED: usize = 1 << 16;
    SEEN.with_borrow_mut(|seen| {
        if let Some(&known) = seen.get(folded_word) {
            return known;
        }
        let value = look_up(folded_word);
        if seen.len() >= MAX_REMEMBERED {
            seen.clear();
        }
        seen.insert(folded_word.into(), value);
        value
    })
}

fn look_up(folded_word: &str) -> Option<f32> {
    // A quotient of two exact integers rounds to the same f32 as the
    // decimal written in the data file.
    LEXICON
        .slot(folded_word)
        .map(|slot| f32::from(LEXICON_ZIPF_HUNDREDTHS[slot]) / 100.0)
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

    /// The table gives back exactly the value written in the data file.
    #[test]
    fn every_entry_reads_back_its_value() {
        for line in raw_data().lines().filter(|l| !l.starts_with('#')) {
            let (word, value) = line.split_once('\t').unwrap();
            assert_eq!(zipf(word), Some(value.parse::<f32>().unwrap()), "{word}");
        }
    }
}
