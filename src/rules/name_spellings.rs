//! The `name-spellings` source check: a name of the original that the
//! translation writes two ways, or keeps in Latin letters in one place and
//! transliterates in another, with no list of names needed. Each
//! capitalised word of the original is looked for in its paired segment,
//! as itself (kept in Latin) or as the Arabic word whose consonant skeleton
//! matches it (`bilingual::transliteration`); the spellings of one name
//! across the document are then compared.

use super::check::Configured;
use super::source::SourceCheck;
use crate::arabic::lexicon::zipf;
use crate::bilingual::Bilingual;
use crate::bilingual::dates::{ENGLISH_WEEKDAYS, MONTH_NAMES};
use crate::bilingual::transliteration::{arabic_skeleton, close, latin_skeleton};
use crate::diagnostic::{Diagnostic, Related};
use crate::document::Document;
use std::collections::HashMap;
use std::ops::Range;

/// More distinct names than this in one segment is no paragraph of news.
const MAX_NAMES_PER_SEGMENT: usize = 200;

/// Capitalised words that are not names, or are translated rather than
/// transliterated.
const NOT_NAMES: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "There",
    "They",
    "Their",
    "When",
    "While",
    "With",
    "After",
    "Before",
    "According",
    "President",
    "Minister",
    "Prime",
    "Secretary",
    "Senator",
    "General",
    "Court",
    "Supreme",
    "House",
    "Senate",
    "Party",
    "League",
    "National",
    "International",
    "United",
    "States",
    "Kingdom",
    "Republic",
    "Department",
    "Ministry",
    "Council",
    "Security",
    "Army",
    "Police",
    "Force",
    "Forces",
    "Street",
    "River",
    "North",
    "South",
    "East",
    "West",
    "Northern",
    "Southern",
    "Eastern",
    "Western",
    "Central",
    "University",
    "Democrats",
    "Republicans",
    "Democratic",
    "Republican",
    "Christmas",
    "Easter",
    "Muslim",
    "Christian",
    "Islamic",
    "Arab",
    "English",
    "French",
    "German",
    "American",
    "British",
    "European",
    "Chinese",
    "Russian",
];

/// Where the translation renders one occurrence of a name.
#[derive(Debug, Clone)]
enum Rendering {
    /// Kept in Latin letters.
    Latin(Range<usize>),
    /// Transliterated: the span and the folded word.
    Arabic(Range<usize>, String),
}

#[derive(Debug)]
struct Occurrence {
    /// Span of the name in the original.
    en: Range<usize>,
    rendering: Rendering,
}

/// Capitalised words of an English segment that may be names (not the
/// first word of a sentence), with their spans relative to it.
fn name_words(en: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut sentence_start = true;
    let mut word_start = None;
    for (i, c) in en.char_indices().chain(std::iter::once((en.len(), ' '))) {
        if c.is_alphabetic() || (word_start.is_some() && c == '-') {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            let word = en[s..i].trim_end_matches('-');
            let capitalised = word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().skip(1).all(|c| !c.is_uppercase() || c == '-');
            if capitalised
                && !sentence_start
                && word.chars().count() >= 4
                && !NOT_NAMES.contains(&word)
                && !ENGLISH_WEEKDAYS.contains(&word)
                && !MONTH_NAMES.contains(&word)
                && latin_skeleton(word).len() >= 3
            {
                out.push((s..s + word.len(), word));
            }
            sentence_start = false;
        }
        if matches!(c, '.' | '!' | '?' | ':' | '"' | '“' | '‘') {
            sentence_start = true;
        } else if !c.is_whitespace() && !matches!(c, '\'' | '’' | ',' | ';' | '(' | ')') {
            sentence_start = false;
        }
    }
    out
}

/// A folded Arabic word and the word without the proclitics a name may
/// take (و ف ب ل, one or two), longest first.
fn forms(folded: &str) -> Vec<&str> {
    let mut out = vec![folded];
    let mut rest = folded;
    for _ in 0..2 {
        match rest.chars().next() {
            Some('و' | 'ف' | 'ب' | 'ل') if rest.chars().count() > 4 => {
                rest = &rest[2..];
                out.push(rest);
            }
            _ => break,
        }
    }
    out
}

/// Whether two folded spellings are one, clitics apart («لفالنتينو» and
/// «فالنتينو», «ببريطانيا» and «بريطانيا»).
fn same_spelling(a: &str, b: &str) -> bool {
    forms(a).iter().any(|x| forms(b).contains(x))
}

/// A word with the article (after its clitics) is a common noun or an
/// adjective («الإندونيسية»), not a transliterated name.
fn has_article(folded: &str) -> bool {
    forms(folded)
        .iter()
        .any(|f| f.starts_with("ال") && f.chars().count() > 3)
        || folded.starts_with("لل")
}

/// An uncommon Arabic word of a segment, ready to be compared with names.
struct Candidate {
    span: Range<usize>,
    folded: String,
    /// Skeletons of the word with and without its proclitics.
    skeletons: Vec<String>,
}

/// The words of a segment that may be transliterated names: Arabic, of
/// three letters or more.
fn candidates(doc: &Document, ar: &Range<usize>) -> Vec<Candidate> {
    let first = doc.tokens.partition_point(|t| t.span().start < ar.start);
    doc.tokens[first..]
        .iter()
        .take_while(|t| t.span().end <= ar.end)
        .filter_map(|token| {
            let folded = &doc.folded.text[token.folded()];
            // Three letters at least, and Arabic ones.
            if folded.len() < 6
                || !folded
                    .chars()
                    .next()
                    .is_some_and(|c| ('\u{0620}'..='\u{064A}').contains(&c))
            {
                return None;
            }
            let forms = forms(folded);
            Some(Candidate {
                span: token.span(),
                folded: folded.to_string(),
                skeletons: forms.iter().map(|f| arabic_skeleton(f)).collect(),
            })
        })
        .collect()
}

/// A common word (in any of its clitic forms) is not a name, even when it
/// shares a name's sounds.
fn is_common(folded: &str) -> bool {
    forms(folded).iter().any(|f| zipf(f).is_some_and(|z| z >= 4.0))
}

/// The one candidate that transliterates `name`, if exactly one spelling
/// does.
fn transliteration(candidates: &[Candidate], name: &str) -> Option<(Range<usize>, String)> {
    let skeleton = latin_skeleton(name);
    // Alberto, Elbit: the name's own «ال».
    let lower = name.to_lowercase();
    let own_al = lower.starts_with("al") || lower.starts_with("el");
    let mut found: Option<(Range<usize>, String)> = None;
    for c in candidates {
        if has_article(&c.folded) && !own_al {
            continue;
        }
        // The frequency look-up last: it is the costly test.
        if c.skeletons.iter().any(|s| close(&skeleton, s)) && !is_common(&c.folded) {
            match &found {
                Some((_, spelling)) if !same_spelling(spelling, &c.folded) => return None,
                Some(_) => {}
                None => found = Some((c.span.clone(), c.folded.clone())),
            }
        }
    }
    found
}

/// Whether `word` is in `text[range]` as a whole Latin word.
fn latin_at(text: &str, range: &Range<usize>, word: &str) -> Option<Range<usize>> {
    let segment = &text[range.clone()];
    let at = crate::bilingual::find_whole_word(segment, word)?;
    Some(range.start + at..range.start + at + word.len())
}

pub fn check(c: &Configured<SourceCheck>, doc: &Document, bi: &Bilingual, out: &mut Vec<Diagnostic>) {
    let text = doc.text();
    let mut by_name: HashMap<&str, Vec<Occurrence>> = HashMap::new();
    let mut order: Vec<&str> = Vec::new();
    for pair in &bi.pairs {
        let (Some(en), Some(ar)) = (&pair.en, &pair.ar) else {
            continue;
        };
        let en_text = &bi.original_text()[en.clone()];
        let mut names = name_words(en_text);
        // Each name once per segment, and not more of them than a real
        // paragraph has (each is compared with every word of the segment).
        let mut seen = std::collections::HashSet::new();
        names.retain(|(_, w)| seen.insert(*w));
        names.truncate(MAX_NAMES_PER_SEGMENT);
        if names.is_empty() {
            continue;
        }
        let candidates = candidates(doc, ar);
        for (span, word) in names {
            let rendering = match latin_at(text, ar, word) {
                Some(latin) => Rendering::Latin(latin),
                None => match transliteration(&candidates, word) {
                    Some((span, spelling)) => Rendering::Arabic(span, spelling),
                    None => continue,
                },
            };
            let list = by_name.entry(word).or_default();
            if list.is_empty() {
                order.push(word);
            }
            list.push(Occurrence {
                en: en.start + span.start..en.start + span.end,
                rendering,
            });
        }
    }
    for name in order {
        let occurrences = &by_name[name];
        // The spelling most occurrences use (the first on a tie).
        let mut counts: Vec<(&str, usize, &Range<usize>)> = Vec::new();
        for o in occurrences {
            if let Rendering::Arabic(span, spelling) = &o.rendering {
                match counts.iter_mut().find(|(s, _, _)| same_spelling(s, spelling)) {
                    Some(entry) => entry.1 += 1,
                    None => counts.push((spelling, 1, span)),
                }
            }
        }
        let Some(&(usual, _, usual_span)) = counts
            .iter()
            .max_by_key(|(_, n, span)| (*n, std::cmp::Reverse(span.start)))
        else {
            continue;
        };
        let usual_written = &text[usual_span.clone()];
        for o in occurrences {
            let (span, found, detail) = match &o.rendering {
                Rendering::Arabic(span, spelling) if !same_spelling(spelling, usual) => {
                    let found = &text[span.clone()];
                    (
                        span,
                        found,
                        format!("«{found}» here, «{usual_written}» elsewhere for the original's «{name}»"),
                    )
                }
                Rendering::Latin(span) => {
                    let found = &text[span.clone()];
                    (
                        span,
                        found,
                        format!("«{found}» is left in Latin letters here and written «{usual_written}» elsewhere"),
                    )
                }
                _ => continue,
            };
            let vars = [("found", found), ("source", name), ("expected", usual_written)];
            let mut d = c.meta.diagnostic(span.clone(), &vars);
            d.message = format!("{}: {detail}", d.message).into_boxed_str();
            out.push(
                d.with_suggestions([usual_written.to_string()])
                    .with_related(Related::new(
                        bi.original,
                        o.en.clone(),
                        format!("«{name}» in the original"),
                    ))
                    .with_related(Related::new(
                        doc.source,
                        usual_span.clone(),
                        format!("written «{usual_written}» here"),
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_compared_without_clitics() {
        assert!(same_spelling("لفالنتينو", "فالنتينو"));
        assert!(same_spelling("ببريطانيا", "بريطانيا"));
        assert!(!same_spelling("فيرجينيا", "فرجينيا"));
        assert!(has_article("الاندونيسيه") && has_article("بالاندونيسيه") && !has_article("اندونيسيا"));
    }

    #[test]
    fn name_words_skip_sentence_starts_and_common_capitals() {
        let words: Vec<&str> = name_words("Brett Kavanaugh told the Senate on Monday. Kavanaugh said \"Yes\" to Ford.")
            .into_iter()
            .map(|(_, w)| w)
            .collect();
        assert_eq!(words, ["Kavanaugh", "Ford"]);
    }
}
