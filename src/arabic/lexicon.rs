//! Arabic word frequencies (from wordfreq, see `rules/data/ar-word-frequency.tsv`),
//! for telling ordinary vocabulary from rare words such as transliterated
//! names. The file is stored folded and sorted; build.rs compiles it into
//! a perfect-hash table (`word_tables`).

use super::word_tables::LEXICON;

static DATA: &str = include_str!("../../rules/data/ar-word-frequency.tsv");

/// Zipf frequency of a folded surface form (clitics included: the list
/// holds forms such as «والحكومه»), or `None` when it is rarer than about
/// 3 per 10 million words.
pub fn zipf(folded_word: &str) -> Option<f32> {
    as_zipf(LEXICON.get(folded_word))
}

/// Calls `each` with every one of `items` and the [`zipf`] of its folded
/// word (`word`), in order.
///
/// The words are looked up a batch at a time (`WordTable::get_each`): a
/// look-up waits for memory, and a batch's waits overlap. With the
/// near-miss and consistency checks' look-ups made this way, the 1,000
/// bench articles took 3 % less time for the same instructions
/// (docs/performance.md, twentieth stop).
pub fn each_with_zipf<'w, T>(
    items: impl IntoIterator<Item = T>,
    word: impl Fn(&T) -> &'w str,
    mut each: impl FnMut(T, Option<f32>),
) {
    let mut items = items.into_iter().peekable();
    let mut batch = Vec::with_capacity(WORDS_A_BATCH);
    let mut values = Vec::with_capacity(WORDS_A_BATCH);
    while items.peek().is_some() {
        batch.extend(items.by_ref().take(WORDS_A_BATCH));
        LEXICON.get_each(batch.iter().map(&word), &mut values);
        for (item, &value) in batch.drain(..).zip(&values) {
            each(item, as_zipf(value));
        }
    }
}

/// Words looked up together: enough for their waits to overlap, few
/// enough that the batch's scratch stays in the cache.
const WORDS_A_BATCH: usize = 256;

/// A quotient of two exact integers rounds to the same f32 as the decimal
/// written in the data file.
fn as_zipf(hundredths: Option<u16>) -> Option<f32> {
    hundredths.map(|h| f32::from(h) / 100.0)
}

/// The raw data, for the test that checks it is folded and sorted.
pub fn raw_data() -> &'static str {
    DATA
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_looked_up_in_batches_get_their_own_values() {
        // More words than a batch, listed ones and unlisted ones mixed.
        let words: Vec<String> = (0..3 * WORDS_A_BATCH + 5)
            .map(|i| match i % 3 {
                0 => "الحكومه".to_string(),
                1 => format!("الغويران{i}"),
                _ => "في".to_string(),
            })
            .collect();
        let mut seen = Vec::new();
        each_with_zipf(
            words.iter().enumerate(),
            |(_, w)| w.as_str(),
            |(i, w), z| {
                assert_eq!(z, zipf(w), "{w}");
                seen.push(i);
            },
        );
        assert_eq!(seen, (0..words.len()).collect::<Vec<_>>());
        each_with_zipf(std::iter::empty::<&str>(), |w| *w, |_, _| panic!("no words"));
    }

    #[test]
    fn lookups_use_folded_forms() {
        assert!(zipf("في").unwrap() > 7.0);
        assert!(zipf("الحكومه").is_some(), "teh marbuta is folded");
        assert!(zipf("ان").is_some(), "hamza is folded");
        assert_eq!(zipf("الغويران"), None);
    }

    /// The table gives back exactly the value written in the data file, and
    /// nothing for words it does not hold: longer ones, and ones of the same
    /// length (which pass the length test and must fail on the letters or
    /// the fingerprint).
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
        let listed: std::collections::HashSet<&str> = entries.iter().map(|&(word, _)| word).collect();
        for (word, value) in &entries {
            assert_eq!(zipf(word), Some(*value), "{word}");
            let unlisted = format!("{word}ظظظ");
            assert_eq!(zipf(&unlisted), None, "{unlisted}");
            let mut same_length: String = word.chars().take(word.chars().count() - 1).collect();
            same_length.push(if word.ends_with('ظ') { 'ض' } else { 'ظ' });
            if same_length.len() == word.len() && !listed.contains(same_length.as_str()) {
                assert_eq!(zipf(&same_length), None, "{same_length}");
            }
        }
    }
}
