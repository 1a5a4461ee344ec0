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
    // words recur, and several rules ask about each). A small per-thread
    // cache answers repeats from one cache line, without the table's
    // SipHash and its three scattered reads: direct-mapped (a word has one
    // slot, a newcomer replaces what was there), words kept inline, so a
    // lookup neither allocates nor follows a pointer.
    thread_local! {
        static CACHE: std::cell::RefCell<Vec<CachedWord>> =
            std::cell::RefCell::new(vec![CachedWord::EMPTY; CACHE_SLOTS]);
    }
    if folded_word.len() > CACHED_WORD_BYTES {
        return as_zipf(look_up(folded_word));
    }
    let slot = {
        use std::hash::{BuildHasher, BuildHasherDefault};
        BuildHasherDefault::<rustc_hash::FxHasher>::default().hash_one(folded_word.as_bytes()) as usize
            & (CACHE_SLOTS - 1)
    };
    CACHE.with_borrow_mut(|cache| {
        let entry = &mut cache[slot];
        if usize::from(entry.len) == folded_word.len() && &entry.bytes[..folded_word.len()] == folded_word.as_bytes() {
            return as_zipf(entry.hundredths);
        }
        let hundredths = look_up(folded_word);
        *entry = CachedWord::new(folded_word, hundredths);
        as_zipf(hundredths)
    })
}

const CACHE_SLOTS: usize = 4096;
/// Words up to this many bytes (fifteen Arabic letters) are cached.
const CACHED_WORD_BYTES: usize = 30;

/// One slot of [`zipf`]'s cache: a word and its value in hundredths.
#[derive(Clone, Copy)]
struct CachedWord {
    len: u8,
    bytes: [u8; CACHED_WORD_BYTES],
    hundredths: Option<u16>,
}

impl CachedWord {
    /// A length no cached word has (they are at most `CACHED_WORD_BYTES`).
    const EMPTY: CachedWord = CachedWord {
        len: u8::MAX,
        bytes: [0; CACHED_WORD_BYTES],
        hundredths: None,
    };

    fn new(word: &str, hundredths: Option<u16>) -> CachedWord {
        let mut bytes = [0; CACHED_WORD_BYTES];
        bytes[..word.len()].copy_from_slice(word.as_bytes());
        CachedWord {
            len: word.len() as u8,
            bytes,
            hundredths,
        }
    }
}

/// A quotient of two exact integers rounds to the same f32 as the decimal
/// written in the data file.
fn as_zipf(hundredths: Option<u16>) -> Option<f32> {
    hundredths.map(|h| f32::from(h) / 100.0)
}

fn look_up(folded_word: &str) -> Option<u16> {
    LEXICON.slot(folded_word).map(|slot| LEXICON_ZIPF_HUNDREDTHS[slot])
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

    /// The table gives back exactly the value written in the data file,
    /// from the table and again from the cache; words that share a cache
    /// slot (95,000 words in 4,096 slots) do not answer for each other.
    #[test]
    fn every_entry_reads_back_its_value() {
        let entries: Vec<(&str, f32)> = raw_data()
            .lines()
            .filter(|l| !l.starts_with('#'))
            .map(|line| {
                let (word, value) = line.split_once('\t').unwrap();
                (word, value.parse::<f32>().unwrap())
            })
            .collect();
        for (word, value) in &entries {
            assert_eq!(zipf(word), Some(*value), "{word}");
            assert_eq!(zipf(word), Some(*value), "{word}, cached");
            let unlisted = format!("{word}ظظظ");
            assert_eq!(zipf(&unlisted), None, "{unlisted}");
        }
        for (word, value) in entries.iter().rev() {
            assert_eq!(zipf(word), Some(*value), "{word}");
        }
    }
}
