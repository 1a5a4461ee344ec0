//! `rules/data/ar-word-frequency.tsv` is derived data: folded, sorted and
//! unique so the lexicon loads without work. It is regenerated from the
//! wordfreq list in `../shared/corpora/wordfreq-ar/` by the ignored test
//! below (`cargo test --test lexicon_data -- --ignored`).

mod common;

use mtlint::arabic::fold::fold_literal;
use mtlint::arabic::lexicon::raw_data;
use std::collections::BTreeMap;

const HEADER: &str = "# Arabic word frequencies (Zipf), folded as mtlint folds text, from the wordfreq
# 3.1.1 data (large_ar, entries with Zipf >= 2.5), Robyn Speer, doi:10.5281/zenodo.7199437,
# licensed CC BY-SA 4.0. Regenerate: cargo test --test lexicon_data -- --ignored
";

#[test]
fn lexicon_is_folded_sorted_and_unique() {
    let mut previous: Option<&str> = None;
    let mut count = 0;
    for line in raw_data().lines().filter(|l| !l.starts_with('#')) {
        let (word, zipf) = line.split_once('\t').expect("word<TAB>zipf");
        assert!(zipf.parse::<f32>().is_ok(), "{line}");
        assert_eq!(fold_literal(word), word, "stored folded");
        if let Some(p) = previous {
            assert!(p < word, "sorted and unique: {p} / {word}");
        }
        previous = Some(word);
        count += 1;
    }
    assert!(count > 50_000, "{count} words");
}

#[test]
#[ignore = "regenerates rules/data from ../shared/corpora"]
fn regenerate_lexicon() {
    let Some(source) = common::shared("corpora/wordfreq-ar/ar_wordfreq_zipf_ge_2.5.tsv") else {
        return;
    };
    let text = std::fs::read_to_string(source).unwrap();
    let mut words: BTreeMap<String, f32> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let Some((word, zipf)) = line.split_once('\t') else {
            continue;
        };
        if !word.chars().all(|c| ('\u{0600}'..='\u{06FF}').contains(&c)) {
            continue;
        }
        let zipf: f32 = zipf.parse().unwrap();
        let folded = fold_literal(word);
        // Two spellings that fold together: the pair's frequency is the sum.
        words
            .entry(folded)
            .and_modify(|z| *z = (10f32.powf(*z) + 10f32.powf(zipf)).log10())
            .or_insert(zipf);
    }
    let mut out = String::from(HEADER);
    for (word, zipf) in words {
        out.push_str(&format!("{word}\t{zipf:.2}\n"));
    }
    std::fs::write(common::repo().join("rules/data/ar-word-frequency.tsv"), out).unwrap();
}
