//! Words that are person names as Arabic writes them (from Wikidata, see
//! `rules/data/person-name-tokens.txt`), folded and sorted, for recognising
//! a transliterated surname after a given name MT translated as a word
//! («الصياد بايدن» for Hunter Biden).

use super::lexicon::zipf;

static DATA: &str = include_str!("../../rules/data/person-name-tokens.txt");

/// Above this frequency a name is also an everyday Arabic word or one of
/// the most common Arabic given names (محمد, علي), which follows a common
/// noun far too often to tell anything.
const EVERYDAY_ZIPF: f32 = 4.6;

/// Whether a folded word is a transliterated person name, not an everyday
/// Arabic word.
pub fn is_foreign_person_name(folded_word: &str) -> bool {
    super::word_tables::PERSON_NAMES.contains(folded_word) && zipf(folded_word).is_none_or(|z| z < EVERYDAY_ZIPF)
}

pub fn raw_data() -> &'static str {
    DATA
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn foreign_names_not_everyday_words() {
        assert!(is_foreign_person_name("بايدن"));
        assert!(is_foreign_person_name("زوكربيرغ"));
        assert!(!is_foreign_person_name("محمد"), "too common to tell");
        assert!(!is_foreign_person_name("الحرب"));
    }
}
