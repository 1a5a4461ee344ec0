//! The check every literal of a rule file passes, which also gives its
//! folded form. `build.rs` compiles this file too: it folds and checks the
//! bundled packs' literals when mtlint is built, so a run looks them up.

use super::char_classes::is_word_char;
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
