//! The check every literal of a rule file passes, which also gives its
//! folded form. `build.rs` compiles this file too: it folds and checks the
//! bundled packs' literals when mtlint is built, so a run looks them up.

use super::char_classes::{is_tashkeel, is_word_char};
use super::fold::fold_literal;

/// Checks that a literal from a rule file can be matched as words, and
/// gives its folded form.
pub fn validate_literal(literal: &str) -> Result<String, String> {
    let folded = fold_literal(literal);
    if folded.is_empty() {
        return Err("the literal is empty once diacritics and spaces are removed".into());
    }
    if let Some(c) = folded.chars().find(|c| !is_word_char(*c) && *c != ' ') {
        return Err(format!(
            "«{literal}» contains «{c}»: literals are words separated by spaces; use a `pattern` rule for punctuation"
        ));
    }
    for word in folded.split(' ') {
        let (_, stem) = split_article(word);
        if stem.chars().count() < 2 {
            return Err(format!("«{word}» is too short to match reliably as a word"));
        }
    }
    Ok(folded)
}

/// What a phrase of `literal` looks for, given its fold
/// ([`validate_literal`]): its words folded and joined by one space, which
/// is the fold itself (`None`) unless a word folds to nothing (marks
/// alone) and so each word is folded on its own, as the words are counted;
/// and bit `i` set when word `i` is written ending in ة, so that it may
/// also be found in its ت form before a suffix (words past the 64th never
/// are).
pub fn phrase_words(literal: &str, folded: &str) -> (Option<String>, u64) {
    let mut teh_marbuta = 0;
    let mut words = 0;
    for (i, raw) in literal.split_whitespace().enumerate() {
        if i < 64 && raw.chars().rev().find(|c| !is_tashkeel(*c)) == Some('ة') {
            teh_marbuta |= 1 << i;
        }
        words += 1;
    }
    let joined = (folded.split(' ').count() != words).then(|| {
        literal
            .split_whitespace()
            .map(fold_literal)
            .collect::<Vec<_>>()
            .join(" ")
    });
    (joined, teh_marbuta)
}

pub(crate) fn split_article(folded_word: &str) -> (bool, &str) {
    match folded_word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => (true, rest),
        _ => (false, folded_word),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_validation() {
        assert_eq!(validate_literal("زنازين نائمة").as_deref(), Ok("زنازين نائمه"));
        assert!(validate_literal("  ").is_err());
        assert!(validate_literal("a, b").is_err());
        assert!(validate_literal("ب").is_err());
        // The article does not count towards a stem's two letters.
        assert!(validate_literal("الزب").is_ok());
        assert!(validate_literal("و الب").is_err());
    }
}
