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
    // Read by bytes, each letter's two (this is asked several times for
    // every word of a text): و ف, then ب ك ل س, then ال; لل for ل + ال.
    const WAW: [u8; 2] = letter("و");
    const FEH: [u8; 2] = letter("ف");
    const BEH: [u8; 2] = letter("ب");
    const KAF: [u8; 2] = letter("ك");
    const LAM: [u8; 2] = letter("ل");
    const SEEN: [u8; 2] = letter("س");
    const ALEF: [u8; 2] = letter("ا");
    let mut rest = s.as_bytes();
    let mut conjunction = false;
    if let [a, b, tail @ ..] = rest
        && ([*a, *b] == WAW || [*a, *b] == FEH)
    {
        rest = tail;
        conjunction = true;
    }
    let is_article = |rest: &[u8]| rest.len() == 4 && rest[..2] == ALEF && rest[2..] == LAM;
    // ل + ال is written لل.
    if rest.len() == 4 && rest[..2] == LAM && rest[2..] == LAM {
        return Some(Proclitic {
            article: true,
            article_only: false,
        });
    }
    let mut preposition = None;
    if let [a, b, tail @ ..] = rest
        && [BEH, KAF, LAM, SEEN].contains(&[*a, *b])
    {
        rest = tail;
        preposition = Some([*a, *b]);
    }
    if rest.is_empty() {
        Some(Proclitic {
            article: false,
            article_only: false,
        })
    } else if is_article(rest) && preposition != Some(LAM) {
        // Never written لال: the spelling is لل, handled above.
        Some(Proclitic {
            article: true,
            article_only: preposition.is_none() && !conjunction,
        })
    } else {
        None
    }
}

/// The two bytes of an Arabic letter.
const fn letter(s: &str) -> [u8; 2] {
    let bytes = s.as_bytes();
    assert!(bytes.len() == 2);
    [bytes[0], bytes[1]]
}

/// Pronoun suffixes attached to nouns, verbs and prepositions. A word ending
/// in ة writes it as ت before a suffix; `word_matcher` handles that.
pub const PRONOUN_SUFFIXES: [&str; 10] = ["ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ي", "نا"];

pub fn is_pronoun_suffix(s: &str) -> bool {
    // The same list as PRONOUN_SUFFIXES (a test keeps them equal), as a
    // match: the word matcher asks this three times for every token.
    matches!(s, "ه" | "ها" | "هم" | "هما" | "هن" | "ك" | "كم" | "كن" | "ي" | "نا")
}

/// Every string of up to `max_letters` of `letters` (the empty one too), for
/// tests that hold a function read by bytes to the one it replaced.
#[cfg(test)]
pub(crate) fn every_string(letters: &[&str], max_letters: usize) -> Vec<String> {
    let mut level = vec![String::new()];
    let mut strings = level.clone();
    for _ in 0..max_letters {
        level = level
            .iter()
            .flat_map(|s| letters.iter().map(move |l| format!("{s}{l}")))
            .collect();
        strings.extend(level.iter().cloned());
    }
    strings
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

    /// `proclitic` as it read strings before it read bytes.
    fn proclitic_by_strings(s: &str) -> Option<Proclitic> {
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

    /// Every string of up to five letters drawn from the proclitics'
    /// letters, two others and characters of other widths.
    #[test]
    fn proclitics_by_bytes_agree_with_proclitics_by_strings() {
        let letters = ["و", "ف", "ب", "ك", "ل", "س", "ا", "ن", "a", "\u{0800}"];
        for s in &every_string(&letters, 5) {
            assert_eq!(proclitic(s), proclitic_by_strings(s), "{s}");
        }
    }

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
