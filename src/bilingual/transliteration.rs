//! Telling which Arabic word transliterates an English name, without a
//! list: both are reduced to a consonant skeleton in shared sound classes
//! (vowels, and the letters Arabic writes for them, are left out; letters
//! that transliterate one another share a class: g/j/k/q ↔ ج غ ق ك خ,
//! s/z/c ↔ س ص ز, t/th ↔ ت ط ث ذ, …) and compared with an edit or two to spare.

/// The consonant skeleton of a Latin word: `Goldsmith` → `KLDSMT`.
pub fn latin_skeleton(word: &str) -> String {
    let w: Vec<char> = word
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    let mut out = String::new();
    let mut i = 0;
    while i < w.len() {
        let next = w.get(i + 1).copied();
        let (class, len) = match (w[i], next) {
            ('s', Some('h')) | ('c', Some('h')) => (Some('X'), 2),
            ('t', Some('h')) => (Some('T'), 2),
            ('p', Some('h')) => (Some('F'), 2),
            ('k', Some('h')) => (Some('K'), 2),
            // `gh` is silent after a vowel (Kavanaugh), غ at the start.
            ('g', Some('h')) => (if i == 0 { Some('K') } else { None }, 2),
            ('c', Some('k')) => (Some('K'), 2),
            ('c', Some('e' | 'i' | 'y')) => (Some('S'), 1),
            ('x', _) => {
                out.push_str("KS");
                (None, 1)
            }
            (c, _) => (latin_class(c), 1),
        };
        if let Some(class) = class
            && !out.ends_with(class)
        {
            out.push(class);
        }
        i += len;
    }
    out
}

fn latin_class(c: char) -> Option<char> {
    Some(match c {
        'b' | 'p' => 'B',
        't' => 'T',
        'd' => 'D',
        'g' | 'j' | 'k' | 'q' | 'c' => 'K',
        'h' => 'H',
        'r' => 'R',
        // An s between vowels is often written «ز» (Blasey, بلازي).
        'z' | 's' => 'S',
        'f' | 'v' => 'F',
        'l' => 'L',
        'm' => 'M',
        'n' => 'N',
        _ => return None,
    })
}

/// The consonant skeleton of a folded Arabic word: «جولدسميث» → `KLDSMT`.
pub fn arabic_skeleton(folded: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = folded.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let class = match c {
            'ب' | 'پ' => 'B',
            'ت' | 'ط' | 'ث' | 'ذ' => 'T',
            'د' | 'ض' => 'D',
            'ج' | 'غ' | 'ق' | 'ك' | 'خ' | 'گ' => 'K',
            // A final «ه» writes a vowel (خوسيه).
            'ه' if i + 1 == chars.len() && i > 0 => continue,
            'ه' | 'ح' => 'H',
            'ر' => 'R',
            'ز' | 'ظ' | 'س' | 'ص' => 'S',
            'ش' => 'X',
            'ف' | 'ڤ' => 'F',
            'ل' => 'L',
            'م' => 'M',
            'ن' => 'N',
            _ => continue,
        };
        if !out.ends_with(class) {
            out.push(class);
        }
    }
    out
}

/// Whether two skeletons may be one name: equal, or one class apart when
/// both are long enough that it leaves them distinctive; `H` may be
/// dropped on either side (Arabic often writes no h, `Thomas` has none).
pub fn close(latin: &str, arabic: &str) -> bool {
    if latin.len() < 3 || arabic.len() < 3 {
        return false;
    }
    if latin == arabic || without_h(latin).eq(without_h(arabic)) {
        return true;
    }
    // One sound heard differently (ج for g, غ for g), not one more or
    // less: a longer word is usually the name glued to the next word.
    let (l, a) = (without_h(latin).count(), without_h(arabic).count());
    l >= 4 && l == a && without_h(latin).zip(without_h(arabic)).filter(|(x, y)| x != y).count() <= 1
}

/// The classes of a skeleton but `H`, which either side may lack.
/// (Consistency compares every rare word of an article with every Latin
/// name in it; comparing in place allocates nothing per pair.)
pub fn without_h(skeleton: &str) -> impl Iterator<Item = u8> + '_ {
    skeleton.bytes().filter(|&b| b != b'H')
}

/// [`close`], or one class more or less when both skeletons have five
/// classes or more: for a name MT mangled in one place (Broadcom,
/// «بوردمكوم») rather than a second transliteration.
pub fn close_or_mangled(latin: &str, arabic: &str) -> bool {
    if close(latin, arabic) {
        return true;
    }
    let (l, a) = (without_h(latin).count(), without_h(arabic).count());
    // One edit apart needs lengths at most one apart.
    l >= 5
        && a >= 5
        && l.abs_diff(a) <= 1
        && strsim::levenshtein(&latin.replace('H', ""), &arabic.replace('H', "")) <= 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::fold::fold_literal;

    fn pair(en: &str, ar: &str) -> bool {
        close(&latin_skeleton(en), &arabic_skeleton(&fold_literal(ar)))
    }

    #[test]
    fn names_and_their_transliterations() {
        for (en, ar) in [
            ("Goldsmith", "جولدسميث"),
            ("Kavanaugh", "كافانو"),
            ("Hamilton", "هاميلتون"),
            ("Mercedes", "مرسيدس"),
            ("Pompeo", "بومبيو"),
            ("Nielsen", "نيلسن"),
            ("Belfast", "بلفاست"),
            ("Cromwell", "كرومويل"),
            ("Brett", "بريت"),
            ("Gaziantep", "غازي عنتاب".replace(' ', "").as_str()),
            ("Thomas", "توماس"),
            ("Mazloum", "مظلوم"),
            ("Christine", "كريستين"),
            ("Blasey", "بلازي"),
        ] {
            assert!(
                pair(en, ar),
                "{en} ~ {ar}: {} / {}",
                latin_skeleton(en),
                arabic_skeleton(&fold_literal(ar))
            );
        }
    }

    #[test]
    fn a_mangled_name_is_one_class_off() {
        let mangled = |en: &str, ar: &str| close_or_mangled(&latin_skeleton(en), &arabic_skeleton(&fold_literal(ar)));
        assert!(mangled("Broadcom", "بوردمكوم"));
        assert!(!pair("Broadcom", "بوردمكوم"), "not a transliteration, a mangling");
        assert!(!mangled("Broadcom", "برنامج"));
    }

    #[test]
    fn short_skeletons_are_not_compared() {
        assert_eq!(latin_skeleton("Google"), "KL");
        assert!(!pair("Google", "غوغل"), "two consonants say too little");
    }

    #[test]
    fn other_words_are_not_the_name() {
        for (en, ar) in [
            ("Goldsmith", "السيد"),
            ("Kavanaugh", "المحكمة"),
            ("Hamilton", "تأهل"),
            ("Belfast", "فريق"),
            ("Pompeo", "بوتاس"),
        ] {
            assert!(!pair(en, ar), "{en} !~ {ar}");
        }
    }
}
