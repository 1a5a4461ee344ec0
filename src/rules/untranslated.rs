//! `[[untranslated]]`: English left in an Arabic article: a sentence MT
//! skipped, a headline suffix (`| ISIL / ISIS News`), page chrome (`Leave a
//! Reply`). A Latin acronym or brand inside an Arabic sentence (وكالة AFP),
//! a name or title kept in its original form («Chaos Computer Club»), an
//! English gloss in parentheses after the Arabic (`(ISIL)`), URLs and code
//! are normal news style and stay quiet.

use super::check::{CheckKind, Configured, Family, options};
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::script::{Strong, strong_direction};
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EnglishRun {
    /// Words in a run inside Arabic text before it is reported.
    min_words: usize,
    /// Words in a line that is nothing but the run.
    min_words_alone: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct EnglishRunOptions {
    #[serde(default = "three")]
    min_words: usize,
    #[serde(default = "two")]
    min_words_alone: usize,
}

fn three() -> usize {
    3
}

fn two() -> usize {
    2
}

impl CheckKind for EnglishRun {
    const FAMILY: RuleKind = RuleKind::Untranslated;
    const NAMES: &'static [&'static str] = &["english-run"];
    const FILLS: &'static [&'static str] = &["found", "words"];

    fn parse(_name: &str, table: &toml::Table) -> Result<Self, String> {
        let o: EnglishRunOptions = options(table)?;
        if o.min_words == 0 || o.min_words_alone == 0 {
            return Err("word counts must be at least 1".into());
        }
        Ok(EnglishRun {
            min_words: o.min_words,
            min_words_alone: o.min_words_alone,
        })
    }

    fn fixable(&self) -> bool {
        false
    }
}

/// A run of Latin words on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Run {
    span: Range<usize>,
    words: usize,
}

/// Words a title keeps in lower case («Chariots of Fire», «TÜV Produkt und
/// Umwelt»).
const SMALL_WORDS: &[&str] = &[
    "a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "as", "vs", "de", "la",
    "le", "les", "du", "des", "von", "van", "der", "den", "und", "et", "al", "el", "bin", "da", "di",
];

/// Every word capitalised but the small ones: a name or a title kept in
/// its original form (a film, a company, a journal), which Arabic news
/// writes that way on purpose.
fn is_title(run: &str) -> bool {
    run.split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .all(|w| {
            w.chars().next().is_some_and(|c| !c.is_lowercase()) || SMALL_WORDS.contains(&w.to_lowercase().as_str())
        })
}

/// The run ends its line after a separator: a headline suffix such as
/// «… | ISIL / ISIS News» (a site or section name carried over).
fn is_headline_suffix(text: &str, line: &Range<usize>, run: &Range<usize>) -> bool {
    let after = &text[run.end..line.end];
    let ends_line = !after.chars().any(|c| c.is_alphanumeric());
    let before = text[line.start..run.start].trim_end();
    ends_line && (before.ends_with('|') || before.ends_with(" -") || before.ends_with('–') || before.ends_with('—'))
}

fn is_latin_letter(c: char) -> bool {
    strong_direction(c) == Some(Strong::LeftToRight) && (c.is_ascii_alphabetic() || c.is_alphabetic())
}

/// What may stand between two English words of one run: spaces and light
/// punctuation, and a number in any form MT leaves in an English sentence
/// («rose 5% to $3.5 billion», «more than ٢٠٠٠ units», «١٢٫٥ percent»), so
/// one untranslated sentence is one finding, not two halves split at the
/// number.
fn is_connector(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\u{00A0}'
            | '/'
            | '|'
            | '&'
            | ':'
            | ','
            | '.'
            | '-'
            | '–'
            | '—'
            | '\''
            | '’'
            | '%'
            | '٪'
            | '$'
            | '€'
            | '£'
            | '+'
            | '٫'
            | '٬'
    ) || c.is_ascii_digit()
        || matches!(c, '٠'..='٩' | '۰'..='۹')
}

/// Whether a line may hold a Latin letter: any byte that is not ASCII
/// punctuation, space or digit, nor part of an Arabic-block character
/// (lead bytes D8-DB), says it might. Most lines of an Arabic article are
/// skipped by this byte scan alone, so it looks at 32 bytes at a time
/// without branching on each (which the compiler turns into vector
/// instructions): byte by byte it was nearly 4 % of a news article's time.
fn may_hold_latin(line: &str) -> bool {
    let says_maybe = |b: u8| b.is_ascii_alphabetic() || (b >= 0xC0 && !(0xD8..=0xDB).contains(&b));
    line.as_bytes()
        .chunks(32)
        .any(|chunk| chunk.iter().fold(false, |maybe, &b| maybe | says_maybe(b)))
}

/// Runs of Latin words per line, with their word counts.
fn latin_runs(text: &str, line: Range<usize>) -> Vec<Run> {
    if !may_hold_latin(&text[line.clone()]) {
        return Vec::new();
    }
    let mut runs = Vec::new();
    let mut current: Option<Run> = None;
    let mut word_end: Option<usize> = None;
    let mut in_word = false;
    let body = &text[line.clone()];
    for (i, c) in body.char_indices() {
        let at = line.start + i;
        let next = body[i + c.len_utf8()..].chars().next();
        // Inside a word: ACE2-B0AT, News.com.au, Macron's.
        let joins = in_word
            && (c.is_ascii_digit()
                || (matches!(c, '\'' | '’' | '-' | '.') && next.is_some_and(|n| n.is_ascii_alphanumeric())));
        if is_latin_letter(c) || joins {
            if !in_word {
                in_word = true;
                // «21st»: digits glued to the word start it.
                let digits = body[..i].len() - body[..i].trim_end_matches(|d: char| d.is_ascii_digit()).len();
                let run = current.get_or_insert(Run {
                    span: at - digits..at - digits,
                    words: 0,
                });
                run.words += 1;
            }
            word_end = Some(at + c.len_utf8());
            continue;
        }
        in_word = false;
        if is_connector(c) && current.is_some() {
            continue;
        }
        if let Some(mut run) = current.take() {
            run.span.end = word_end.unwrap();
            runs.push(run);
        }
    }
    if let Some(mut run) = current.take() {
        run.span.end = word_end.unwrap();
        runs.push(run);
    }
    runs
}

/// The run is the whole content of a bracket pair that follows text: a
/// gloss such as «تنظيم الدولة الإسلامية (ISIL)».
fn is_parenthesized_gloss(text: &str, run: &Range<usize>) -> bool {
    let before = text[..run.start].trim_end();
    let after = text[run.end..].trim_start();
    (before.ends_with('(') && after.starts_with(')')) || (before.ends_with('[') && after.starts_with(']'))
}

/// The run is the whole of a quotation: a title, a sign or an idiom cited
/// in the original on purpose («تعبيرات مثل "spit the dummy" (نفد صبره)»).
fn is_quoted(text: &str, run: &Range<usize>) -> bool {
    let before = text[..run.start].trim_end().chars().next_back();
    let after = text[run.end..].trim_start().chars().next();
    matches!(
        (before, after),
        (Some('"'), Some('"')) | (Some('“'), Some('”')) | (Some('«'), Some('»')) | (Some('\''), Some('\''))
    )
}

/// An address read aloud («techless.com slash trevor», «wt .buzz slash
/// sm») or a name spelled out letter by letter («m -e -r -r -i -l»): kept
/// in Latin letters on purpose.
fn is_address_or_spelling(run: &str) -> bool {
    let words: Vec<&str> = run
        .split(|c: char| !c.is_alphanumeric() && c != '.')
        .filter(|w| !w.is_empty())
        .collect();
    let spelled = words.len() >= 3 && words.iter().all(|w| w.chars().count() == 1);
    let domain = |w: &str| {
        w.rsplit_once('.')
            .is_some_and(|(_, tld)| (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase()))
    };
    spelled || words.iter().any(|w| *w == "slash" || domain(w))
}

fn inside_backticks(text: &str, line: &Range<usize>, run: &Range<usize>) -> bool {
    text[line.start..run.start].matches('`').count() % 2 == 1
}

impl Rule for Family<EnglishRun> {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text();
        // An English article is not "English left in Arabic". Counting
        // reads every character, so it waits for a first Latin run: most
        // Arabic articles have none.
        let mut mostly_rtl = None;
        for line_index in 0..cx.doc.source.line_count() {
            let line = cx.doc.source.line_range(line_index);
            let content = text[line.clone()].trim();
            let runs = latin_runs(text, line.clone());
            if !runs.is_empty() && !*mostly_rtl.get_or_insert_with(|| cx.mostly_right_to_left()) {
                return;
            }
            for run in runs {
                if cx.in_url(run.span.start)
                    || cx.in_url(run.span.end - 1)
                    || is_parenthesized_gloss(text, &run.span)
                    || is_quoted(text, &run.span)
                    || inside_backticks(text, &line, &run.span)
                    || is_address_or_spelling(&text[run.span.clone()])
                {
                    continue;
                }
                let found = &text[run.span.clone()];
                // A line of its own or a headline suffix is chrome or an
                // untranslated heading whatever its case; inside Arabic text a
                // title-cased run is a name kept in the original.
                let standalone = found == content || is_headline_suffix(text, &line, &run.span);
                if !standalone && is_title(found) {
                    continue;
                }
                for Configured { meta, check } in &self.checks {
                    let needed = if standalone {
                        check.min_words_alone
                    } else {
                        check.min_words
                    };
                    if run.words >= needed {
                        out.push(
                            meta.diagnostic(run.span.clone(), &[("found", found), ("words", &run.words.to_string())]),
                        );
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The byte scan may let a line through for nothing, but never skips a
    /// letter the runs are made of.
    #[test]
    fn no_latin_letter_escapes_the_byte_scan() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            if is_latin_letter(c) {
                let line = format!("كلمة «{c}» كلمة");
                assert!(may_hold_latin(&line), "U+{:04X}", c as u32);
            }
        }
        for b in 0..0x80u8 {
            assert_eq!(
                may_hold_latin(&char::from(b).to_string()),
                b.is_ascii_alphabetic(),
                "{b:#04x}"
            );
        }
        assert!(!may_hold_latin(&"قال الرئيس في ١٢ آذار: نعم. ".repeat(9)));
    }

    fn runs(text: &str) -> Vec<(&str, usize)> {
        latin_runs(text, 0..text.len())
            .into_iter()
            .map(|r| (&text[r.span], r.words))
            .collect()
    }

    #[test]
    fn runs_join_words_through_connectors() {
        assert_eq!(runs("مستمرة |  ISIL / ISIS News 📰"), [("ISIL / ISIS News", 3)]);
        assert_eq!(
            runs("Your email address will not be published."),
            [("Your email address will not be published", 7)]
        );
        assert_eq!(runs("وكالة AFP قالت إن BBC"), [("AFP", 1), ("BBC", 1)]);
        assert_eq!(runs("Macron's 2019 visit"), [("Macron's 2019 visit", 2)]);
        // Numbers do not split a sentence, whatever their digits and signs.
        assert_eq!(
            runs("باعت the price rose 5% to $3.5 billion last year في"),
            [("the price rose 5% to $3.5 billion last year", 7)]
        );
        assert_eq!(
            runs("باعت more than ٢٠٠٠ units in ١٢٫٥ percent في"),
            [("more than ٢٠٠٠ units in ١٢٫٥ percent", 5)]
        );
        assert_eq!(
            runs("موقع News.com.au و ACE2-B0AT"),
            [("News.com.au", 1), ("ACE2-B0AT", 1)]
        );
    }

    #[test]
    fn titles_and_headline_suffixes() {
        assert!(is_title("Johnny English Strikes Again"));
        assert!(is_title("Chariots of Fire"));
        assert!(!is_title("Your email address will not be published"));
        let text = "مستمرة | ISIL / ISIS News 📰";
        let start = text.find("ISIL").unwrap();
        let end = text.find(" 📰").unwrap();
        assert!(is_headline_suffix(text, &(0..text.len()), &(start..end)));
    }

    #[test]
    fn glosses_are_recognised() {
        let text = "تنظيم الدولة (ISIL) هنا";
        let start = text.find("ISIL").unwrap();
        assert!(is_parenthesized_gloss(text, &(start..start + 4)));
    }
}
