//! Month names on both sides of a translation: English, and both Arabic
//! series (the Egyptian/Gulf يناير … ديسمبر and the Levantine/Iraqi
//! كانون الثاني … كانون الأول); and the days of the week.

use crate::arabic::fold::fold_literal;
use std::ops::Range;

/// A month name found in a text: 1 to 12, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Month {
    pub month: u8,
    pub span: Range<usize>,
}

const ENGLISH: [&[&str]; 12] = [
    &["January", "Jan."],
    &["February", "Feb."],
    &["March", "Mar."],
    &["April", "Apr."],
    &["May"],
    &["June"],
    &["July"],
    &["August", "Aug."],
    &["September", "Sept.", "Sep."],
    &["October", "Oct."],
    &["November", "Nov."],
    &["December", "Dec."],
];

/// Folded Arabic names; two-word names are phrases.
const ARABIC: [&[&str]; 12] = [
    &["يناير", "كانون الثاني"],
    &["فبراير", "شباط"],
    &["مارس", "اذار"],
    &["ابريل", "نيسان"],
    &["مايو", "ايار"],
    &["يونيو", "يونيه", "حزيران"],
    &["يوليو", "يوليه", "تموز"],
    &["اغسطس", "اب"],
    &["سبتمبر", "ايلول"],
    &["اكتوبر", "تشرين الاول"],
    &["نوفمبر", "تشرين الثاني"],
    &["ديسمبر", "كانون الاول"],
];

/// Words that are month names only next to a number or «شهر»: `May` is
/// also a verb, «مارس» "practised", «آب» also «أب» (father).
fn needs_context(folded_or_english: &str) -> bool {
    matches!(folded_or_english, "May" | "March" | "مارس" | "اب")
}

/// Words before a month name that make `May` or `March` a month:
/// `in May`, `mid-March`, `since March`.
const MONTH_CUES: &[&str] = &[
    "in", "mid", "early", "late", "since", "until", "till", "by", "from", "of", "during", "last", "next", "this",
    "end", "before", "after",
];

fn after_cue(text: &str, span: &Range<usize>) -> bool {
    let before = text[..span.start].trim_end_matches(['-', ' ']);
    let word = before.rsplit(|c: char| !c.is_alphabetic()).next().unwrap_or("");
    MONTH_CUES.contains(&word.to_lowercase().as_str())
}

/// Arabic words before «مارس» or «آب» that make it a month (folded):
/// «في مارس», «منتصف مارس», «شهر آب».
const ARABIC_CUES: &[&str] = &[
    "شهر",
    "في",
    "بحلول",
    "خلال",
    "منتصف",
    "اوائل",
    "اواخر",
    "مطلع",
    "نهايه",
    "منذ",
    "حتي",
    "بدايه",
];

fn near_number(text: &str, span: &Range<usize>) -> bool {
    let before: Vec<char> = text[..span.start].chars().rev().take(8).collect();
    let after: Vec<char> = text[span.end..].chars().take(8).collect();
    let digit = |c: &char| c.is_ascii_digit() || ('٠'..='٩').contains(c);
    let before_word: String = before.iter().rev().collect();
    let folded_before = fold_literal(before_word.trim_end());
    before.iter().take(3).any(digit)
        || after.iter().take(3).any(digit)
        || ARABIC_CUES.iter().any(|cue| folded_before.ends_with(cue))
}

/// Words of a text with their byte ranges.
fn words(text: &str) -> Vec<(Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        let part = crate::arabic::script::is_word_char(c)
            || c == '.'
            || crate::arabic::script::is_tashkeel(c)
            || c == '\u{0640}';
        match (start, part) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                out.push((s..i, &text[s..i]));
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// English month names, in order.
pub fn english_months(text: &str) -> Vec<Month> {
    let mut out = Vec::new();
    for (span, word) in words(text) {
        // `Jan.` keeps its dot; `January.` at a sentence end does not.
        let bare = word.trim_end_matches('.');
        for (i, forms) in ENGLISH.iter().enumerate() {
            if forms.iter().any(|f| *f == word || *f == bare) {
                let span = span.start..span.start + if forms.contains(&word) { word.len() } else { bare.len() };
                if !needs_context(bare) || near_number(text, &span) || after_cue(text, &span) {
                    out.push(Month {
                        month: i as u8 + 1,
                        span,
                    });
                }
            }
        }
    }
    out
}

/// A month, and the words of its name after the first.
type MonthRest = (u8, Vec<&'static str>);

/// First word of each Arabic month name → the months it may begin.
static ARABIC_FIRST: std::sync::LazyLock<std::collections::HashMap<&'static str, Vec<MonthRest>>> =
    std::sync::LazyLock::new(|| {
        let mut map: std::collections::HashMap<&str, Vec<MonthRest>> = std::collections::HashMap::new();
        for (m, forms) in ARABIC.iter().enumerate() {
            for form in *forms {
                let mut parts = form.split(' ');
                let first = parts.next().expect("a word");
                map.entry(first).or_default().push((m as u8 + 1, parts.collect()));
            }
        }
        map
    });

/// Arabic month names of either series, in order (with clitics: «وفي
/// يناير», «بشباط»).
pub fn arabic_months(text: &str) -> Vec<Month> {
    let words = words(text);
    let folded: Vec<String> = words
        .iter()
        .map(|(_, w)| fold_literal(w.trim_end_matches('.')))
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let found = without_clitics(&folded[i]).find_map(|first| {
            ARABIC_FIRST.get(first)?.iter().find(|(_, rest)| {
                i + rest.len() < words.len() + 1
                    && rest
                        .iter()
                        .enumerate()
                        .all(|(k, p)| folded.get(i + 1 + k).is_some_and(|f| f == p))
            })
        });
        let Some((month, rest)) = found else {
            i += 1;
            continue;
        };
        let last = &words[i + rest.len()];
        let span = words[i].0.start..last.0.start + last.1.trim_end_matches('.').len();
        let name = &folded[i];
        if !needs_context(without_clitics(name).last().unwrap_or(name)) || near_number(text, &span) {
            out.push(Month { month: *month, span });
        }
        i += rest.len() + 1;
    }
    out
}

/// A folded word, then the word without one and two of the proclitics a
/// month takes (و ف ب ل), while at least three letters remain.
fn without_clitics(word: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(word);
    std::iter::from_fn(move || {
        let current = rest?;
        rest = match current.chars().next() {
            Some('و' | 'ف' | 'ب' | 'ل') if current.chars().count() > 4 => Some(&current[2..]),
            _ => None,
        };
        Some(current)
    })
    .take(3)
}

/// A day of the week found in a text: 1 (Monday) to 7 (Sunday), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weekday {
    pub day: u8,
    pub span: Range<usize>,
    /// False for a word that may mean something else («الاثنين» without
    /// «يوم» before it is also "the two"): it answers for the day but is
    /// never reported as a wrong one.
    pub certain: bool,
}

pub const ENGLISH_WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Folded, with the article Arabic writes them with.
const ARABIC_WEEKDAYS: [&str; 7] = ["الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعه", "السبت", "الاحد"];

/// English days of the week (capitalised: `sunday` is not a date). One
/// before another capitalised word is part of a name (The Sunday
/// Telegraph, Black Friday is not: its capital comes before).
pub fn english_weekdays(text: &str) -> Vec<Weekday> {
    let words = words(text);
    words
        .iter()
        .enumerate()
        .filter_map(|(i, (span, word))| {
            let bare = word.trim_end_matches('.');
            let day = ENGLISH_WEEKDAYS.iter().position(|d| *d == bare)?;
            let in_name = bare.len() == word.len()
                && words.get(i + 1).is_some_and(|(next_span, next)| {
                    text[span.end..next_span.start].trim().is_empty()
                        && next.chars().next().is_some_and(char::is_uppercase)
                        && !ENGLISH_WEEKDAYS.contains(next)
                        && !MONTH_NAMES.contains(next)
                });
            (!in_name).then(|| Weekday {
                day: day as u8 + 1,
                span: span.start..span.start + bare.len(),
                certain: true,
            })
        })
        .collect()
}

/// English month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Arabic days of the week, with the clitics they take («ويوم الأحد»,
/// «والسبت»). «الاثنين» is also "the two": certain only after «يوم».
pub fn arabic_weekdays(text: &str) -> Vec<Weekday> {
    let words = words(text);
    let mut out = Vec::new();
    for (i, (span, word)) in words.iter().enumerate() {
        let folded = fold_literal(word.trim_end_matches('.'));
        let Some(day) = without_clitics(&folded).find_map(|w| ARABIC_WEEKDAYS.iter().position(|d| *d == w)) else {
            continue;
        };
        // «يوم», «ويوم», «يومي» (two days): the word before.
        let after_yawm = i > 0 && {
            let before = fold_literal(words[i - 1].1);
            (before.ends_with("يوم") || before.ends_with("يومي")) && before.chars().count() <= 5
        };
        out.push(Weekday {
            day: day as u8 + 1,
            span: span.start..span.start + word.trim_end_matches('.').len(),
            certain: day != 0 || after_yawm,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn months(found: Vec<Month>) -> Vec<u8> {
        found.into_iter().map(|m| m.month).collect()
    }

    #[test]
    fn english_names_and_abbreviations() {
        assert_eq!(months(english_months("On 20 January and Feb. 3, 2022.")), [1, 2]);
        assert_eq!(months(english_months("They may march. In May 2021")), [5]);
        assert_eq!(months(english_months("since mid-March, in May")), [3, 5]);
        assert_eq!(months(english_months("Mrs May said")), Vec::<u8>::new());
    }

    #[test]
    fn weekdays_on_both_sides() {
        let days = |found: Vec<Weekday>| {
            found
                .into_iter()
                .filter(|d| d.certain)
                .map(|d| d.day)
                .collect::<Vec<_>>()
        };
        assert_eq!(days(english_weekdays("said on Sunday. Monday's vote, sunday")), [7, 1]);
        assert_eq!(
            days(english_weekdays("told The Sunday Telegraph on Sunday September 30")),
            [7]
        );
        assert_eq!(days(arabic_weekdays("قال يوم الأحد إن تصويت الإثنين")), [7]);
        assert_eq!(days(arabic_weekdays("ويوم الإثنين والسبت وبالجمعة")), [1, 6, 5]);
        assert_eq!(days(arabic_weekdays("يومي الاثنين والثلاثاء")), [1, 2]);
        assert_eq!(days(arabic_weekdays("بين الاثنين")), Vec::<u8>::new(), "«the two»");
        assert_eq!(arabic_weekdays("بين الاثنين").len(), 1, "found, but not certain");
        let text = "ويوم الأربعاء.";
        let found = arabic_weekdays(text);
        assert_eq!(&text[found[0].span.clone()], "الأربعاء");
    }

    #[test]
    fn both_arabic_series_with_clitics() {
        assert_eq!(months(arabic_months("في 20 كانون الثاني")), [1]);
        assert_eq!(months(arabic_months("في 20 يناير وفي فبراير")), [1, 2]);
        assert_eq!(months(arabic_months("منذ تشرين الأول وبشباط")), [10, 2]);
        assert_eq!(months(arabic_months("مارس الضغط على أبيه")), Vec::<u8>::new());
        assert_eq!(months(arabic_months("في 5 آب")), [8]);
        assert_eq!(months(arabic_months("في شهر مارس")), [3]);
        assert_eq!(months(arabic_months("منذ منتصف مارس")), [3]);
    }
}
