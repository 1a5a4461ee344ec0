//! Character classes of Arabic script that matching and the text rules need.

use std::borrow::Cow;

pub use super::char_classes::*;

/// The strong direction of a character, if it has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strong {
    LeftToRight,
    RightToLeft,
}

/// Strong direction per the Unicode bidi classes (L; R and AL), with fast
/// paths for ASCII and Arabic letters.
pub fn strong_direction(c: char) -> Option<Strong> {
    use unicode_bidi::{BidiClass, bidi_class};
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Strong::LeftToRight);
    }
    if is_arabic_letter(c) {
        return Some(Strong::RightToLeft);
    }
    match bidi_class(c) {
        BidiClass::L => Some(Strong::LeftToRight),
        BidiClass::R | BidiClass::AL => Some(Strong::RightToLeft),
        _ => None,
    }
}

/// Whether a text has more right-to-left strong characters than
/// left-to-right ones.
///
/// Reads the bytes: an ASCII byte is an ASCII character, and a character
/// of the Arabic block (U+0600-U+06FF, lead bytes D8-DB) is looked up by
/// its two bytes in a table made from [`strong_direction`]; only other
/// characters are decoded and classed one by one. Decoding every character
/// was 3 % of a news article's time.
///
/// It stops as soon as the rest of the text cannot change the answer: a
/// left-to-right character takes a byte or more, a right-to-left one two
/// or more. An Arabic article is decided about two thirds of the way in.
pub fn more_right_to_left(text: &str) -> bool {
    /// Bytes read between two looks at whether the answer is settled.
    const STRETCH: usize = 512;
    let (mut rtl, mut ltr) = (0, 0);
    let mut at = 0;
    while at < text.len() {
        let rest = text.len() - at;
        if rtl > ltr + rest {
            return true;
        }
        if ltr >= rtl + rest / 2 {
            return false;
        }
        // On to the first character boundary after the stretch.
        let mut end = (at + STRETCH).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let (r, l) = count_strong_in(text, at, end);
        (rtl, ltr, at) = (rtl + r, ltr + l, end);
    }
    rtl > ltr
}

/// How many right-to-left and left-to-right strong characters a text has.
#[cfg(test)]
fn count_strong(text: &str) -> (usize, usize) {
    count_strong_in(text, 0, text.len())
}

/// [`count_strong`] of `text[from..to]` (character boundaries).
fn count_strong_in(text: &str, from: usize, to: usize) -> (usize, usize) {
    static ARABIC_BLOCK_RTL: std::sync::LazyLock<[bool; 256]> = std::sync::LazyLock::new(|| {
        std::array::from_fn(|i| {
            char::from_u32(0x600 + i as u32).and_then(strong_direction) == Some(Strong::RightToLeft)
        })
    });
    let rtl_in_block = &*ARABIC_BLOCK_RTL;
    let bytes = &text.as_bytes()[..to];
    let (mut rtl, mut ltr) = (0, 0);
    let mut i = from;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            ltr += usize::from(b.is_ascii_alphabetic());
            i += 1;
        } else if let Some(offset) = arabic_block_offset(bytes, i) {
            rtl += usize::from(rtl_in_block[offset]);
            i += 2;
        } else {
            let c = text[i..].chars().next().expect("i is on a character boundary");
            match strong_direction(c) {
                Some(Strong::RightToLeft) => rtl += 1,
                Some(Strong::LeftToRight) => ltr += 1,
                None => {}
            }
            i += c.len_utf8();
        }
    }
    (rtl, ltr)
}

/// Positions of the characters of `set` in `text`. Scanning with a compiled
/// character class skips the text between them far faster than decoding
/// every character.
pub fn find_chars<'t>(text: &'t str, set: &'t regex::Regex) -> impl Iterator<Item = (usize, char)> + 't {
    set.find_iter(text)
        .map(|m| (m.start(), m.as_str().chars().next().expect("a match is one character")))
}

/// Positions of the Arabic comma, semicolon and question mark (، ؛ ؟) and
/// the full stop, in order.
///
/// A character class would do, but its search keys on first bytes, and
/// every Arabic letter starts with the same byte as these marks (0xD8 or
/// 0xD9): the regex stopped at nearly every letter (17 times slower on
/// news text). Their last bytes are rare, so the search keys on those.
pub fn arabic_marks_and_full_stops(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    let bytes = text.as_bytes();
    let marks = memchr::memchr3_iter(0x8C, 0x9B, 0x9F, bytes)
        .filter(move |&i| i > 0 && bytes[i - 1] == 0xD8)
        .map(|i| i - 1);
    let stops = memchr::memchr_iter(b'.', bytes);
    in_order(marks, stops).map(|at| (at, text[at..].chars().next().expect("a mark or a stop starts here")))
}

/// Two ascending sequences of offsets as one ascending sequence (the
/// searches for several kinds of byte each give their own).
pub fn in_order(a: impl Iterator<Item = usize>, b: impl Iterator<Item = usize>) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(&x), Some(&y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// Shows invisible and bidi control characters as `<U+XXXX>`.
pub fn visible(s: &str) -> String {
    s.chars()
        .map(|c| {
            if is_bidi_control(c) || is_bidi_mark(c) || is_invisible(c) || (c.is_control() && c != '\n') {
                format!("<{}>", code_point(c))
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Text from an article, a path or a message made safe to print on one
/// line of a terminal or CI log: control characters (escape sequences,
/// carriage returns, newlines), bidi controls and marks, line separators
/// and invisible characters are shown as `<U+XXXX>`, so nothing printed can
/// drive the terminal, reorder the line or start a new one.
pub fn printable(s: &str) -> Cow<'_, str> {
    if !s.chars().any(needs_escape) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| {
                if needs_escape(c) {
                    format!("<{}>", code_point(c))
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Characters [`printable`] escapes.
pub fn needs_escape(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_bidi_mark(c) || is_invisible(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Spaces inside a line: space, tab, no-break and thin spaces.
pub fn is_inline_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

/// The printable name of a character that a terminal may not show.
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_ascending_sequences_are_merged_in_order() {
        let merged: Vec<usize> = in_order([1, 4, 9].into_iter(), [0, 2, 3, 10, 11].into_iter()).collect();
        assert_eq!(merged, [0, 1, 2, 3, 4, 9, 10, 11]);
        assert_eq!(in_order([5].into_iter(), std::iter::empty()).collect::<Vec<_>>(), [5]);
        assert_eq!(in_order(std::iter::empty(), [7].into_iter()).collect::<Vec<_>>(), [7]);
    }

    proptest::proptest! {
        /// Reading bytes counts as classing each character does.
        #[test]
        fn strong_characters_are_counted_as_one_by_one(text in "[a-zA-Z0-9 .,«»\u{0600}-\u{06FF}\u{0750}-\u{077F}\u{05D0}-\u{05EA}\u{00C0}-\u{00FF}\u{200E}\u{200F}\u{FB50}-\u{FB60}\u{0400}-\u{0430}ـ]{0,80}") {
            let one_by_one = text.chars().fold((0, 0), |(rtl, ltr), c| match strong_direction(c) {
                Some(Strong::RightToLeft) => (rtl + 1, ltr),
                Some(Strong::LeftToRight) => (rtl, ltr + 1),
                None => (rtl, ltr),
            });
            proptest::prop_assert_eq!(count_strong(&text), one_by_one);
        }

        /// The answer given early is the one the counts give: texts of
        /// long runs of one character each (ASCII and two-byte letters of
        /// both directions, and neutral ones), where a late run often
        /// overturns what the first ones said, across several stretches.
        #[test]
        fn more_right_to_left_is_decided_as_the_counts_decide(
            runs in proptest::collection::vec((proptest::sample::select(vec!['a', 'é', 'ب', 'א', ' ', '٣', 'ﻻ']), 0..700usize), 1..6)
        ) {
            let parts: Vec<String> = runs.iter().map(|&(c, n)| c.to_string().repeat(n)).collect();
            let text = parts.concat();
            let (rtl, ltr) = count_strong(&text);
            proptest::prop_assert_eq!(more_right_to_left(&text), rtl > ltr);
        }
    }

    #[test]
    fn every_character_of_the_arabic_block_is_counted_as_classed() {
        for c in ('\u{0600}'..='\u{06FF}').chain(['a', '1', 'é', 'א', 'ﻻ']) {
            let expected = match strong_direction(c) {
                Some(Strong::RightToLeft) => (1, 0),
                Some(Strong::LeftToRight) => (0, 1),
                None => (0, 0),
            };
            assert_eq!(count_strong(&c.to_string()), expected, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn marks_and_stops_are_found_in_order_and_nothing_else() {
        // ، ؛ ؟ share their first byte with every letter of the block and
        // their last with tashkeel such as U+064C (D9 8C).
        let text = "قال، ثم؛ لماذا؟ نعم. كتابٌ ٍ a.b ؛؛";
        let found: Vec<(usize, char)> = arabic_marks_and_full_stops(text).collect();
        let expected: Vec<(usize, char)> = text.char_indices().filter(|(_, c)| "،؛؟.".contains(*c)).collect();
        assert_eq!(found, expected);
        assert!(arabic_marks_and_full_stops("").next().is_none());
    }

    #[test]
    fn classes() {
        assert!(is_tashkeel('\u{064E}'));
        assert!(is_tashkeel('\u{0670}'));
        assert!(!is_tashkeel('ا'));
        assert!(is_arabic_letter('ة'));
        assert!(is_arabic_letter('ی'));
        assert!(!is_arabic_letter(TATWEEL));
        assert!(!is_arabic_letter('٣'));
        assert!(is_bidi_control('\u{202E}'));
        assert!(is_bidi_mark('\u{061C}'));
        assert!(is_invisible('\u{200C}'));
        assert_eq!(code_point('\u{202E}'), "U+202E");
    }

    #[test]
    fn printable_leaves_no_control_or_line_break() {
        assert!(matches!(printable("مظلوم عبدي"), Cow::Borrowed(_)));
        assert_eq!(
            printable("a\u{1B}[2J\nb\r\u{202E}c\u{7}\u{85}\u{2028}"),
            "a<U+001B>[2J<U+000A>b<U+000D><U+202E>c<U+0007><U+0085><U+2028>"
        );
    }

    #[test]
    fn fast_paths_agree_with_unicode_tables() {
        use unicode_bidi::{BidiClass, bidi_class};
        for c in ('\u{0}'..='\u{07FF}')
            .chain('\u{FB50}'..='\u{FEFF}')
            .chain(['€', 'é', 'Ж', '中'])
        {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "{c:?}");
            let expected = match bidi_class(c) {
                BidiClass::L => Some(Strong::LeftToRight),
                BidiClass::R | BidiClass::AL => Some(Strong::RightToLeft),
                _ => None,
            };
            assert_eq!(strong_direction(c), expected, "{c:?} U+{:04X}", c as u32);
        }
    }
}
