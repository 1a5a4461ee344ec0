//! Attached clitics: the proclitics written before an Arabic word and the
//! pronoun suffixes written after it.
//!
//! All strings here are in folded form (see `fold`), so ة has become ه.

/// How a word may be decorated with clitics when it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CliticPolicy {
    pub prefixes: bool,
    pub suffixes: bool,
    /// The article may be added to a word the literal writes without it
    /// (زنازين → الزنازين). Not for names: «الجنوب» is not «جنوب أفريقيا».
    pub article: bool,
}

impl Default for CliticPolicy {
    fn default() -> Self {
        CliticPolicy {
            prefixes: true,
            suffixes: true,
            article: true,
        }
    }
}

/// What a proclitic string contains.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Proclitic {
    /// The definite article is part of it (ال, or ل+ال written لل).
    pub article: bool,
    /// Only the article (what a later word of a phrase may carry).
    pub article_only: bool,
}

/// Classifies a folded proclitic string: conjunction (و ف), then a
/// preposition (ب ك ل) or the future particle س, then the article ال.
/// Returns `None` when the string is not a valid proclitic chain.
pub fn proclitic(s: &str) -> Option<Proclitic> {
    let mut rest = s;
    for conj in ["و", "ف"] {
        if let Some(r) = rest.strip_prefix(conj) {
            rest = r;
            break;
        }
    }
    let conj_len = s.len() - rest.len();
    // ل + ال is written لل.
    if rest == "لل" {
        return Some(Proclitic {
            article: true,
            article_only: false,
        });
    }
    let mut prep_is_lam = false;
    for prep in ["ب", "ك", "ل", "س"] {
        if let Some(r) = rest.strip_prefix(prep) {
            rest = r;
            prep_is_lam = prep == "ل";
            break;
        }
    }
    if prep_is_lam && rest == "ال" {
        // Never written لال: the spelling is لل, handled above.
        return None;
    }
    let has_prep = s.len() - rest.len() > conj_len;
    match rest {
        "" => Some(Proclitic {
            article: false,
            article_only: false,
        }),
        "ال" => Some(Proclitic {
            article: true,
            article_only: !has_prep && conj_len == 0,
        }),
        _ => None,
    }
}

/// Pronoun suffixes attached to nouns, verbs and prepositions. A word ending
/// in ة writes it as ت before a suffix; `word_matcher` handles that.
pub const PRONOUN_SUFFIXES: [&str; 10] = ["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ي", "نا"];

pub fn is_pronoun_suffix(s: &str) -> bool {
    // The same list as PRONOUN_SUFFIXES (a test keeps them equal), as a
    // match: the word matcher asks this three times for every token.
    matches!(s, "ه" | "ها" | "هم" | "هما" | "هن" | "ك" | "كم" | "كن" | "ي" | "نا")
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_suffix_test_is_the_suffix_list() {
        for suffix in PRONOUN_SUFFIXES {
            assert!(is_pronoun_suffix(suffix), "{suffix}");
        }
        let letters = ["ه", "ا", "م", "ن", "ك", "ي", "ت"];
        for a in letters {
            for b in letters.iter().chain([&""]) {
                for c in letters.iter().chain([&""]) {
                    let s = format!("{a}{b}{c}");
                    assert_eq!(is_pronoun_suffix(&s), PRONOUN_SUFFIXES.contains(&s.as_str()), "{s}");
                }
            }
        }
    }

    use super::*;

    #[test]
    fn proclitic_chains() {
        for ok in [
            "", "و", "ف", "ب", "ك", "ل", "ال", "لل", "وال", "ولل", "فلل", "بال", "وبال", "فكال", "وس", "ولل",
        ] {
            assert!(proclitic(ok).is_some(), "{ok} should be a proclitic");
        }
        for bad in ["ص", "بب", "الو", "لال", "ون", "وو"] {
            assert!(proclitic(bad).is_none(), "{bad} should not be a proclitic");
        }
        assert!(proclitic("ال").unwrap().article_only);
        assert!(!proclitic("بال").unwrap().article_only);
        assert!(proclitic("لل").unwrap().article);
        assert!(!proclitic("و").unwrap().article);
    }

    #[test]
    fn suffixes() {
        assert!(is_pronoun_suffix("ه"));
        assert!(is_pronoun_suffix("هما"));
        assert!(!is_pronoun_suffix("ان"));
        assert!(!is_pronoun_suffix(""));
    }
}
