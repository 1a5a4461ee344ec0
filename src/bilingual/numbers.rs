//! Numbers as comparable values, on both sides of a translation.
//!
//! English and Arabic write the same quantity many ways: Western or
//! Arabic-Indic digits, `12,000` / `12.000` / `١٢٬٠٠٠`, `1.5` / `١٫٥`,
//! `5,000` / «5 آلاف», `$2 million` / «مليوني دولار», `50 percent` /
//! «النصف», `three` / «ثلاثة». Each number found becomes a set of candidate
//! values (an ambiguous `12.000` is both 12 and 12,000); two numbers are the
//! same when their candidate sets meet.

use crate::arabic::clitics::proclitic;
use crate::arabic::fold::fold_literal;
use crate::arabic::script::is_word_char;
use regex::Regex;
use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

/// One number of a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Number {
    /// Byte range in the text it was found in.
    pub span: Range<usize>,
    /// Every value it may stand for.
    pub values: Vec<f64>,
    /// Written with digits (a number in words is never reported missing or
    /// extra; it only matches).
    pub digits: bool,
    /// Part of a name glued to letters (R0, G20, HKU25): an original's is
    /// not required in the translation (which may spell the name out), but
    /// a translation's that matches nothing was changed. A hyphenated one
    /// (COVID-19, «كوفيد-19») is an ordinary number.
    pub identifier: bool,
    /// The mantissa before a magnitude word (`2` of `2 billion`), to tell
    /// million from billion.
    pub mantissa: Option<f64>,
}

impl Number {
    /// Whether two numbers may stand for the same value.
    pub fn matches(&self, other: &Number) -> bool {
        self.values.iter().any(|a| other.values.iter().any(|b| same(*a, *b)))
    }

    /// Same mantissa, magnitudes a thousand apart: million for billion.
    /// A number in words carries its magnitude in the word («مليونَي»).
    pub fn magnitude_slip(&self, other: &Number) -> bool {
        let large = |n: &Number| n.mantissa.is_some() || (!n.digits && n.values.iter().any(|v| *v >= 1e6));
        if !large(self) || !large(other) {
            return false;
        }
        if let (Some(a), Some(b)) = (self.mantissa, other.mantissa)
            && !same(a, b)
        {
            return false;
        }
        self.values.iter().any(|x| {
            other
                .values
                .iter()
                .any(|y| same(x * 1000.0, *y) || same(*x, y * 1000.0))
        })
    }
}

fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// Digits in either system, with `,` `٬` `.` `٫` between digit groups.
/// A space (or no-break or thin space) groups thousands too (`12 000`,
/// `116 123`), after a first group of at most three digits.
static DIGITS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9٠-٩۰-۹]{1,3}(?:[ \u{00A0}\u{202F}][0-9٠-٩۰-۹]{3}\b)+|[0-9٠-٩۰-۹]+(?:[,.٬٫'،][0-9٠-٩۰-۹]+)*")
        .expect("digit pattern")
});

/// A time of day: `04:00`, `5:30`, `5.30pm`, «٥:٣٠».
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)([0-9٠-٩]{1,2})(?::([0-9٠-٩]{2})|\.([0-9]{2})\s?(?:am|pm|a\.m\.|p\.m\.))").expect("time pattern")
});

/// Western value of an Arabic-Indic or Persian digit string.
fn western(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
            '٬' | '،' => ',',
            '٫' => '.',
            other => other,
        })
        .collect()
}

/// The values a digit string may stand for: `1,500` is 1500; `12.000` is
/// 12 or 12000 (European grouping); `1.5` is 1.5; `1,5` is 1.5 or 15.
fn digit_values(written: &str) -> Vec<f64> {
    let s = western(written).replace(['\'', ' ', '\u{00A0}', '\u{202F}'], "");
    let groups: Vec<&str> = s.split([',', '.']).collect();
    let separators: Vec<char> = s.chars().filter(|c| matches!(c, ',' | '.')).collect();
    let parse = |t: &str| t.parse::<f64>().ok();
    let mut values = Vec::new();
    if separators.is_empty() {
        values.extend(parse(&s));
        return values;
    }
    let grouped = groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3);
    let last = *separators.last().expect("separators");
    let one_kind = separators.iter().all(|&c| c == separators[0]);
    if grouped && one_kind {
        // 12,000 or 12.000: thousands.
        values.extend(parse(&groups.concat()));
    }
    if separators.len() == 1 || !one_kind {
        // 1.5, 1,5, or 1,234.5 / 1.234,5: the last separator is decimal.
        let (int, frac) = s.rsplit_once(last).expect("separator");
        let int: String = int.chars().filter(|c| c.is_ascii_digit()).collect();
        values.extend(parse(&format!("{int}.{frac}")));
    }
    if values.is_empty() {
        values.extend(parse(&groups.concat()));
    }
    values
}

/// How a word contributes to a number.
#[derive(Debug, Clone, Copy)]
enum Word {
    /// A number on its own: «ثلاثة», `three`, «النصف» (fractions also stand
    /// for their percentage: «النصف» for 50 percent).
    Value(&'static [f64]),
    /// Multiplies the number before it (`5 million`), or stands for itself
    /// when alone (`a million`); a plural (`millions`, «ملايين») only
    /// multiplies.
    Magnitude(f64, bool),
}

const HALF: &[f64] = &[0.5, 50.0];
const THIRD: &[f64] = &[1.0 / 3.0, 33.0, 33.3];
const TWO_THIRDS: &[f64] = &[2.0 / 3.0, 66.0, 67.0, 66.7];
const QUARTER: &[f64] = &[0.25, 25.0];
const THREE_QUARTERS: &[f64] = &[0.75, 75.0];

macro_rules! words {
    ($($value:expr => [$($w:literal),* $(,)?]),* $(,)?) => {
        &[$(($value, &[$($w),*])),*]
    };
}

type WordList = &'static [(Word, &'static [&'static str])];

static ENGLISH_WORDS: WordList = words![
    Word::Value(&[1.0]) => ["one", "first", "1st"],
    Word::Value(&[2.0]) => ["two", "second", "twice", "both", "pair", "couple"],
    Word::Value(&[3.0]) => ["three", "third", "thrice"],
    Word::Value(&[4.0]) => ["four", "fourth"],
    Word::Value(&[5.0]) => ["five", "fifth"],
    Word::Value(&[6.0]) => ["six", "sixth"],
    Word::Value(&[7.0]) => ["seven", "seventh"],
    Word::Value(&[8.0]) => ["eight", "eighth"],
    Word::Value(&[9.0]) => ["nine", "ninth"],
    Word::Value(&[10.0]) => ["ten", "tenth", "decade"],
    Word::Value(&[11.0]) => ["eleven", "eleventh"],
    Word::Value(&[12.0]) => ["twelve", "twelfth", "dozen"],
    Word::Value(&[13.0]) => ["thirteen"],
    Word::Value(&[14.0]) => ["fourteen"],
    Word::Value(&[15.0]) => ["fifteen"],
    Word::Value(&[16.0]) => ["sixteen"],
    Word::Value(&[17.0]) => ["seventeen"],
    Word::Value(&[18.0]) => ["eighteen"],
    Word::Value(&[19.0]) => ["nineteen"],
    Word::Value(&[20.0]) => ["twenty"],
    Word::Value(&[30.0]) => ["thirty"],
    Word::Value(&[40.0]) => ["forty"],
    Word::Value(&[50.0]) => ["fifty"],
    Word::Value(&[60.0]) => ["sixty"],
    Word::Value(&[70.0]) => ["seventy"],
    Word::Value(&[80.0]) => ["eighty"],
    Word::Value(&[90.0]) => ["ninety"],
    Word::Value(&[1.0]) => ["roman:I"],
    Word::Value(&[2.0]) => ["roman:II"],
    Word::Value(&[3.0]) => ["roman:III"],
    Word::Value(&[4.0]) => ["roman:IV"],
    Word::Value(&[5.0]) => ["roman:V"],
    Word::Value(&[6.0]) => ["roman:VI"],
    Word::Value(&[7.0]) => ["roman:VII"],
    Word::Value(&[8.0]) => ["roman:VIII"],
    Word::Value(&[9.0]) => ["roman:IX"],
    Word::Value(&[10.0]) => ["roman:X"],
    Word::Value(HALF) => ["half"],
    Word::Value(THIRD) => ["third"],
    Word::Value(QUARTER) => ["quarter"],
    // `two thirds`, `three quarters`: see `compounds`.
    Word::Value(&[1.0 / 3.0]) => ["thirds"],
    Word::Value(&[0.25]) => ["quarters"],
    Word::Magnitude(100.0, false) => ["hundred"],
    Word::Magnitude(1e3, false) => ["thousand", "k"],
    Word::Magnitude(1e6, false) => ["million", "m", "mn"],
    Word::Magnitude(1e9, false) => ["billion", "bn", "b"],
    Word::Magnitude(1e12, false) => ["trillion", "tn"],
    Word::Magnitude(100.0, true) => ["hundreds"],
    Word::Magnitude(1e3, true) => ["thousands"],
    Word::Magnitude(1e6, true) => ["millions"],
    Word::Magnitude(1e9, true) => ["billions"],
];

/// Arabic words in their folded form (fold_literal): ة→ه, ى→ي, hamza
/// alefs → ا. Proclitics (و ف ب ل ال) are taken off before look-up.
static ARABIC_WORDS: WordList = words![
    Word::Value(&[1.0]) => ["واحد", "واحده", "اول", "اولي", "احد", "احدي", "حادي", "حاديه"],
    Word::Value(&[2.0]) => ["اثنان", "اثنين", "اثنتان", "اثنتين", "ثاني", "ثانيه", "ثان"],
    Word::Value(&[3.0]) => ["ثلاث", "ثلاثه", "ثالث", "ثالثه"],
    Word::Value(&[4.0]) => ["اربع", "اربعه", "رابع", "رابعه"],
    Word::Value(&[5.0]) => ["خمس", "خمسه", "خامس", "خامسه"],
    Word::Value(&[6.0]) => ["ست", "سته", "سادس", "سادسه"],
    Word::Value(&[7.0]) => ["سبع", "سبعه", "سابع", "سابعه"],
    Word::Value(&[8.0]) => ["ثماني", "ثمانيه", "ثمان", "ثامن", "ثامنه"],
    Word::Value(&[9.0]) => ["تسع", "تسعه", "تاسع", "تاسعه"],
    Word::Value(&[10.0]) => ["عشر", "عشره", "عاشر", "عاشره"],
    Word::Value(&[12.0]) => ["اثنا", "اثني", "اثنتا", "اثنتي", "دزينه"],
    // Duals of the nouns news counts most: «أسبوعين» is two weeks.
    Word::Value(&[2.0]) => [
        "يومين", "يومان", "اسبوعين", "اسبوعان", "شهرين", "شهران", "عامين", "عامان", "سنتين", "سنتان",
        "ساعتين", "ساعتان", "دقيقتين", "هدفين", "هدفان", "نقطتين", "شخصين", "طفلين", "دولتين", "مرتين",
    ],
    Word::Value(&[20.0]) => ["عشرون", "عشرين"],
    Word::Value(&[30.0]) => ["ثلاثون", "ثلاثين"],
    Word::Value(&[40.0]) => ["اربعون", "اربعين"],
    Word::Value(&[50.0]) => ["خمسون", "خمسين"],
    Word::Value(&[60.0]) => ["ستون", "ستين"],
    Word::Value(&[70.0]) => ["سبعون", "سبعين"],
    Word::Value(&[80.0]) => ["ثمانون", "ثمانين"],
    Word::Value(&[90.0]) => ["تسعون", "تسعين"],
    Word::Value(&[200.0]) => ["مئتان", "مئتين", "مائتان", "مائتين", "ميتان", "ميتين"],
    Word::Value(&[2000.0]) => ["الفان", "الفين"],
    Word::Value(&[2e6]) => ["مليونان", "مليونين", "مليوني"],
    Word::Value(&[2e9]) => ["ملياران", "مليارين", "ملياري"],
    Word::Value(HALF) => ["نصف"],
    Word::Value(THIRD) => ["ثلث"],
    Word::Value(TWO_THIRDS) => ["ثلثي", "ثلثا", "ثلثان"],
    Word::Value(QUARTER) => ["ربع"],
    Word::Value(THREE_QUARTERS) => ["ارباع"],
    Word::Magnitude(100.0, false) => ["مئه", "مائه", "ميه"],
    Word::Magnitude(1e3, false) => ["الف"],
    Word::Magnitude(1e6, false) => ["مليون", "مليونا"],
    Word::Magnitude(1e9, false) => ["مليار", "بليون", "مليارا"],
    Word::Magnitude(1e12, false) => ["تريليون"],
    Word::Magnitude(1e3, true) => ["الاف", "الوف"],
    Word::Magnitude(1e6, true) => ["ملايين"],
    Word::Magnitude(1e9, true) => ["مليارات"],
];

fn table(words: WordList) -> HashMap<&'static str, Word> {
    let mut map = HashMap::new();
    for (word, forms) in words {
        for form in *forms {
            map.entry(*form).or_insert(*word);
        }
    }
    map
}

static ENGLISH: LazyLock<HashMap<&'static str, Word>> = LazyLock::new(|| table(ENGLISH_WORDS));
static ARABIC: LazyLock<HashMap<&'static str, Word>> = LazyLock::new(|| table(ARABIC_WORDS));

/// Which language's number words to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    English,
    Arabic,
}

/// A word of the text: its byte range and its look-up form.
fn words(text: &str, language: Language) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut start = None;
    // English compounds (`fifty-eight`, `six-month`, `type-II`) are read
    // word by word; Arabic keeps its hyphenated forms whole.
    let hyphen = language == Language::Arabic;
    let is_part =
        |c: char| is_word_char(c) || (hyphen && c == '-') || crate::arabic::script::is_tashkeel(c) || c == '\u{0640}';
    for (i, c) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
        match (start, is_part(c)) {
            (None, true) => start = Some(i),
            (Some(s), false) => {
                // `2bn`, `5m`: the letters after the digits are a word.
                let written = text[s..i]
                    .trim_start_matches(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
                    .trim_matches('-');
                let s = s + text[s..i].find(written).unwrap_or(0);
                if !written.is_empty() {
                    let key = match language {
                        Language::English if is_roman(written) => format!("roman:{written}"),
                        Language::English => written.to_lowercase(),
                        Language::Arabic => arabic_key(written),
                    };
                    out.push((s..s + written.len(), key));
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// The folded Arabic word without its proclitics, when a number word is
/// left: «والثلاثة» → «ثلاثه».
fn arabic_key(written: &str) -> String {
    let folded = fold_literal(written);
    if ARABIC.contains_key(folded.as_str()) {
        return folded;
    }
    // The accusative alef: «واحدًا», «ثلاثا».
    if let Some(bare) = folded.strip_suffix('ا')
        && ARABIC.contains_key(bare)
    {
        return bare.to_string();
    }
    // The longest proclitic chain is four letters (وبال, فلل…).
    for (cut, _) in folded.char_indices().skip(1).take(4) {
        let (prefix, rest) = folded.split_at(cut);
        if proclitic(prefix).is_some() && ARABIC.contains_key(rest) {
            return rest.to_string();
        }
    }
    folded
}

/// The numbers written with digits only (no words, no magnitudes): when
/// two texts agree on these, they agree.
pub fn numbers_digits_only(text: &str, skip: &[Range<usize>]) -> Vec<Number> {
    if !text.contains(|c: char| c.is_ascii_digit() || ('٠'..='٩').contains(&c) || ('۰'..='۹').contains(&c)) {
        return Vec::new();
    }
    digit_numbers(text, skip)
}

/// Numbers in digits and times of day, in order.
fn digit_numbers(text: &str, skip: &[Range<usize>]) -> Vec<Number> {
    let skipped = |r: &Range<usize>| skip.iter().any(|s| s.start < r.end && r.start < s.end);
    // Times of day are one value (04:00 is «الساعة 4»).
    let after_digit = |at: usize| {
        text[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_digit() || ('٠'..='٩').contains(&c))
    };
    let times: Vec<Number> = TIME
        .captures_iter(text)
        .filter(|c| {
            let whole = c.get(0).expect("match").range();
            !skipped(&whole) && !after_digit(whole.start)
        })
        .filter_map(|c| {
            let hour: f64 = western(c.get(1)?.as_str()).parse().ok()?;
            let minutes: f64 = western(c.get(2).or(c.get(3))?.as_str()).parse().ok()?;
            // 7.55am may be written «7.55» as well as «7:55».
            // … and 12:00 as «1200 GMT».
            let mut values = vec![hour + minutes / 60.0, hour + minutes / 100.0, hour * 100.0 + minutes];
            if minutes == 0.0 {
                values.push(hour);
            }
            Some(Number {
                span: c.get(0)?.range(),
                values,
                digits: true,
                identifier: false,
                mantissa: None,
            })
        })
        .collect();
    let in_time = |r: &Range<usize>| times.iter().any(|t| t.span.start < r.end && r.start < t.span.end);
    // Digit numbers first; then words, which may scale the digits before
    // them (`5 million`, «5 آلاف»).
    let mut found: Vec<Number> = DIGITS
        .find_iter(text)
        .filter(|m| !skipped(&m.range()) && !in_time(&m.range()))
        .map(|m| {
            let mut values = digit_values(m.as_str());
            // `1950-53`: the second year of a range, abbreviated.
            let before = &text[..m.start()];
            if m.as_str().len() == 2 && before.ends_with(['-', '–']) {
                let year = before[..before.len() - before.chars().next_back().map_or(1, char::len_utf8)]
                    .rsplit(|c: char| !c.is_ascii_digit())
                    .next()
                    .filter(|y| y.len() == 4);
                if let (Some(year), Some(short)) = (year, values.first().copied()) {
                    values.push((year[..2].parse::<f64>().unwrap_or(0.0)) * 100.0 + short);
                }
            }
            Number {
                span: m.range(),
                values,
                digits: true,
                identifier: is_identifier(text, m.start()),
                mantissa: None,
            }
        })
        .filter(|n| !n.values.is_empty())
        .chain(times.iter().cloned())
        .collect();
    found.sort_by_key(|n| n.span.start);
    found
}

/// Every number of a text, in order, with spans into it. `skip` ranges
/// (URLs) are not read.
pub fn numbers(text: &str, language: Language, skip: &[Range<usize>]) -> Vec<Number> {
    let mut found = digit_numbers(text, skip);
    let lookup: &HashMap<&str, Word> = match language {
        Language::English => &ENGLISH,
        Language::Arabic => &ARABIC,
    };
    let skipped = |r: &Range<usize>| skip.iter().any(|s| s.start < r.end && r.start < s.end);

    let mut extra = Vec::new();
    for (span, key) in words(text, language) {
        if skipped(&span) || DIGITS.is_match(&key) {
            continue;
        }
        let Some(&word) = lookup.get(key.as_str()) else {
            continue;
        };
        match word {
            Word::Value(values) => extra.push(Number {
                span,
                values: values.to_vec(),
                digits: false,
                identifier: false,
                mantissa: None,
            }),
            // «في المائة», «بالمائة»: per cent, not a hundred.
            Word::Magnitude(100.0, _) if language == Language::Arabic && is_percent(text, &span) => {}
            Word::Magnitude(scale, plural) => {
                // The number just before (in digits or words), with only
                // spaces, `$` or `+` between: `$300+ billion`, `four million`.
                let before = found
                    .iter_mut()
                    .chain(extra.iter_mut())
                    .filter(|n| n.span.end <= span.start)
                    .max_by_key(|n| n.span.end)
                    .filter(|n| {
                        text[n.span.end..span.start]
                            .trim_matches([' ', '\u{00A0}', '$', '+'])
                            .is_empty()
                    });
                let before = before.filter(|n| !needs_currency(&key) || after_currency(text, n.span.start));
                if before.is_none() && needs_currency(&key) {
                    continue;
                }
                match before {
                    Some(n)
                        if n.mantissa.is_none()
                            && !n.identifier
                            && !after_name_hyphen(text, n.span.start)
                            && (n.digits || n.values.len() == 1) =>
                    {
                        n.mantissa = n.values.first().copied();
                        n.values = n.values.iter().map(|v| v * scale).collect();
                        n.span.end = span.end;
                    }
                    // Alone, «مليونًا» is a million and «مليونا دولار» two.
                    _ if !plural && language == Language::Arabic => extra.push(Number {
                        span,
                        values: if key.ends_with('ا') {
                            vec![scale, 2.0 * scale]
                        } else {
                            vec![scale]
                        },
                        digits: false,
                        identifier: false,
                        mantissa: Some(1.0),
                    }),
                    _ if !plural
                        && text[..span.start]
                            .split_whitespace()
                            .next_back()
                            .is_some_and(|w| w.eq_ignore_ascii_case("a")) =>
                    {
                        extra.push(Number {
                            span,
                            values: vec![scale],
                            digits: false,
                            identifier: false,
                            mantissa: Some(1.0),
                        })
                    }
                    _ => {}
                }
            }
        }
    }
    let compounds = compounds(text, &extra);
    found.extend(extra);
    found.extend(compounds);
    found.sort_by_key(|n| n.span.start);
    found
}

/// Whether digits at `at` continue a name: a Latin letter just before (an
/// Arabic one is a clitic: «و16»).
fn is_identifier(text: &str, at: usize) -> bool {
    text[..at].chars().next_back().is_some_and(|c| c.is_ascii_alphabetic())
}

/// Digits after a hyphen after a letter (COVID-19, «كوف-2») name a thing:
/// no magnitude word after them scales them.
fn after_name_hyphen(text: &str, at: usize) -> bool {
    let mut before = text[..at].chars().rev();
    before.next() == Some('-') && before.next().is_some_and(char::is_alphabetic)
}

/// `m`, `b`, `k` mean million, billion, thousand only after a currency
/// amount (`$5m`, `£2bn`); `100m` is a distance.
fn needs_currency(key: &str) -> bool {
    matches!(key, "m" | "b" | "k")
}

fn after_currency(text: &str, at: usize) -> bool {
    text[..at].trim_end().ends_with(['$', '£', '€', '¥'])
}

/// An upper-case Roman numeral (`type II`, `World War I`).
fn is_roman(word: &str) -> bool {
    matches!(
        word,
        "I" | "II" | "III" | "IV" | "V" | "VI" | "VII" | "VIII" | "IX" | "X"
    )
}

/// Numbers in words made of two: «الثانية عشرة» (12), «السابعة والأربعين»
/// (47), `fifty-eight`, with only a space or a hyphen between the words.
fn compounds(text: &str, words: &[Number]) -> Vec<Number> {
    let is_tens = |v: f64| (20.0..100.0).contains(&v) && v % 10.0 == 0.0;
    let mut out = Vec::new();
    for pair in words.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let ([x], [y]) = (a.values.as_slice(), b.values.as_slice()) else {
            continue;
        };
        let joined = text[a.span.end..b.span.start].trim_matches([' ', '-']).is_empty();
        let value = match (*x, *y) {
            // `two thirds`: a fraction, also as a percentage.
            (count, part) if part < 1.0 && (2.0..10.0).contains(&count) => {
                if joined {
                    let v = count * part;
                    out.push(Number {
                        span: a.span.start..b.span.end,
                        values: vec![v, (v * 100.0).round(), (v * 1000.0).round() / 10.0, (v * 100.0).floor()],
                        digits: false,
                        identifier: false,
                        mantissa: None,
                    });
                }
                continue;
            }
            (unit, 10.0) if unit < 10.0 => unit + 10.0,
            (unit, tens) if unit < 10.0 && is_tens(tens) => unit + tens,
            (tens, unit) if unit < 10.0 && is_tens(tens) => unit + tens,
            _ => continue,
        };
        if joined {
            out.push(Number {
                span: a.span.start..b.span.end,
                values: vec![value],
                digits: false,
                identifier: false,
                mantissa: None,
            });
        }
    }
    out
}

/// Whether an Arabic «مائة» at `span` is part of «في المائة» or «بالمائة».
fn is_percent(text: &str, span: &Range<usize>) -> bool {
    let word = fold_literal(&text[span.clone()]);
    let before: String = text[..span.start]
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    word.starts_with("بال") || word.starts_with("لل") || fold_literal(before.trim_end()).ends_with("في")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str, language: Language) -> Vec<Vec<f64>> {
        numbers(text, language, &[]).into_iter().map(|n| n.values).collect()
    }

    fn one(text: &str, language: Language) -> Number {
        let mut found = numbers(text, language, &[]);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    /// Whether some number of `en` is some number of `ar` (compounds keep
    /// their parts as numbers too).
    fn same_number(en: &str, ar: &str) -> bool {
        let ar = numbers(ar, Language::Arabic, &[]);
        numbers(en, Language::English, &[])
            .iter()
            .any(|e| ar.iter().any(|a| e.matches(a)))
    }

    #[test]
    fn digit_systems_and_separators() {
        assert!(same_number("12,000 people", "12000 شخص"));
        assert!(same_number("12,000 people", "12.000 شخص"));
        assert!(same_number("12,000 people", "١٢٬٠٠٠ شخص"));
        assert!(same_number("12,000 people", "١٢٠٠٠ شخص"));
        assert!(same_number("1.5 percent", "١٫٥ في المائة"));
        assert!(same_number("1.5%", "1,5٪"));
        assert!(!same_number("1.5%", "15 في المائة") || digit_values("1,5").contains(&15.0));
        assert!(!same_number("12,000 people", "120 شخصا"));
        assert_eq!(digit_values("1,234.5"), vec![1234.5]);
        assert!(same_number("12,000", "12 000"));
        assert!(same_number("116 123", "116123"));
        assert!(same_number("six-month", "6 أشهر"));
        assert!(same_number("1-of-4", "واحدًا من أصل 4"));
        assert!(same_number("12:00 and 13:00", "الساعة 12:00 و13:00"));
        assert!(same_number("7.55am", "7.55 صباحا"));
        assert!(same_number("1200 GMT", "الساعة 12:00"));
        assert!(same_number("15.00 UTC", "15،00"));
        assert!(same_number("four million", "4 ملايين"));
        assert!(same_number("one million", "مليون"));
        assert!(same_number("$300+ billion", "300 مليار دولار"));
        assert!(same_number("the 11th century", "القرن الحادي عشر"));
        let metres = one("100m", Language::English);
        assert_eq!(metres.values, vec![100.0], "m is a million only after a currency");
        assert!(same_number("£5m", "5 ملايين جنيه"));
        assert!(one("R0", Language::English).identifier, "part of a name");
        assert!(same_number("type II", "النوع 2"));
        assert!(same_number("type-I", "النوع 1"));
        assert!(same_number("a 2-week illness", "لأسبوعين"));
        let cov = numbers("كوف-2 مليون", Language::Arabic, &[]);
        assert!(
            cov[0].values == [2.0] && cov.len() == 2,
            "not scaled by the million after it: {cov:?}"
        );
        assert!(!one("و16", Language::Arabic).identifier, "و is a clitic, not a name");
        assert_eq!(digit_values("1.234,5"), vec![1234.5]);
    }

    #[test]
    fn percent_forms() {
        for ar in ["50%", "50٪", "50 في المائة", "50 بالمائة", "٥٠ في المئة"] {
            assert!(same_number("50 percent", ar), "{ar}");
        }
        assert!(same_number("50 percent", "النصف"));
        assert!(same_number("half", "النصف"));
        assert!(same_number("two-thirds", "ثلثي"));
        assert!(same_number("three quarters", "75%"));
        assert!(same_number("25%", "الربع"));
    }

    #[test]
    fn magnitudes() {
        assert!(same_number("5,000", "5 آلاف"));
        assert!(same_number("5,000", "5 الاف"));
        assert!(same_number("$2 million", "مليوني دولار"));
        assert!(same_number("$2 million", "2 مليون دولار"));
        assert!(same_number("$2bn", "2 مليار دولار"));
        assert!(same_number("1.5 billion", "1.5 مليار"));
        assert!(same_number("a million", "مليون"));
        assert!(same_number("3 million", "3 ملايين"));
        let million = one("2 million", Language::English);
        let billion = one("2 مليار", Language::Arabic);
        assert!(!million.matches(&billion));
        assert!(million.magnitude_slip(&billion));
        let two_million = one("two million", Language::English);
        assert!(two_million.magnitude_slip(&one("ملياري", Language::Arabic)));
        assert!(!one("3", Language::English).magnitude_slip(&one("3000", Language::Arabic)));
    }

    #[test]
    fn words_on_either_side() {
        assert!(same_number("three", "3"));
        assert!(same_number("3", "ثلاثة"));
        assert!(same_number("ten", "عشرة"));
        assert!(same_number("10", "العشرة"));
        assert!(same_number("the first", "الأولى"));
        assert!(same_number("No. 1", "الأولى"));
        assert!(same_number("20", "والعشرين"));
        assert!(same_number("a dozen", "12"));
        let n = one("ثلاثة", Language::Arabic);
        assert!(!n.digits, "a number in words is never reported on its own");
    }

    #[test]
    fn compounds_times_and_year_ranges() {
        assert!(same_number("47th", "السابعة والأربعين"));
        assert!(same_number("12th", "الثانية عشرة"));
        assert!(same_number("19th century", "القرن التاسع عشر"));
        assert!(same_number("Fifty-eight percent", "58٪"));
        assert!(same_number("04:00", "الساعة 4"));
        assert!(same_number("5.30pm", "5:30 مساء"));
        assert!(same_number("142 million", "142 مليونًا"));
        let range = numbers("the 1950-53 war", Language::English, &[]);
        assert!(range[1].values.contains(&1953.0), "{range:?}");
    }

    #[test]
    fn ranges_currencies_and_skipped_spans() {
        assert_eq!(values("70-90%", Language::English), vec![vec![70.0], vec![90.0]]);
        assert_eq!(values("$2", Language::English), vec![vec![2.0]]);
        let text = "see www.example.com/2019 in 2020";
        let url = 4..24;
        assert_eq!(
            numbers(text, Language::English, &[url])
                .into_iter()
                .map(|n| n.values)
                .collect::<Vec<_>>(),
            vec![vec![2020.0]]
        );
    }
}
