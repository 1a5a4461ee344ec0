//! `rules/data/person-name-tokens.txt` is derived data: the Arabic sides of
//! the Wikidata person-name tokens (CC0), folded, sorted and unique. It is
//! regenerated from `../shared/corpora/wikidata-person-name-tokens-en-ar/`
//! by the ignored test below.

mod common;

use mtlint::arabic::fold::fold_literal;
use std::collections::BTreeSet;

const HEADER: &str = "# Arabic person-name words (first and last names), folded as mtlint folds text,
# from Wikidata labels via NETransliteration-COLING2018 (Merhav and Ash 2018),
# CC0 1.0. Regenerate: cargo test --test person_names_data -- --ignored
";

#[test]
fn person_names_are_folded_sorted_and_unique() {
    let text = mtlint::arabic::names::raw_data();
    let words: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    assert!(words.len() > 30_000, "{}", words.len());
    for pair in words.windows(2) {
        assert!(pair[0] < pair[1], "sorted and unique: {} / {}", pair[0], pair[1]);
    }
    for w in words.iter().step_by(97) {
        assert_eq!(fold_literal(w), *w);
    }
}

#[test]
#[ignore = "regenerates rules/data from ../shared/corpora"]
fn regenerate_person_names() {
    let Some(source) = common::shared("corpora/wikidata-person-name-tokens-en-ar/wd_arabic.normalized.aligned.tokens")
    else {
        return;
    };
    let text = std::fs::read_to_string(source).unwrap();
    let mut words = BTreeSet::new();
    for line in text.lines() {
        let Some(arabic) = line.split('\t').nth(1) else {
            continue;
        };
        let word: String = arabic.split(' ').collect();
        let folded = fold_literal(&word);
        if folded.chars().count() >= 2 && folded.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
            words.insert(folded);
        }
    }
    let mut out = String::from(HEADER);
    for w in words {
        out.push_str(&w);
        out.push('\n');
    }
    std::fs::write(common::repo().join("rules/data/person-name-tokens.txt"), out).unwrap();
}
