//! Classes of single characters that folding and the check of a rule's
//! literals need. Kept apart from `script` (which also reads whole texts,
//! with regexes and the bidi tables) so that `build.rs` can compile it, with
//! `fold` and `literal`, to fold the bundled packs' literals at build time.

/// Arabic diacritics (harakat, tanwin, shadda, sukun, superscript alef and
/// the Quranic annotation marks): removed when folding.
pub fn is_tashkeel(c: char) -> bool {
    matches!(c, '\u{0610}'..='\u{061A}' | '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06DC}' | '\u{06DF}'..='\u{06E8}' | '\u{06EA}'..='\u{06ED}')
}

pub const TATWEEL: char = '\u{0640}';

/// Letters of the Arabic script (base letters, not marks or digits).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    // Nearly every letter asked about is in the Arabic block: one bit of a
    // table answers, where the ranges below took a chain of comparisons
    // (asked for every character of every word, that was 3 % of a run).
    let code = c as u32;
    if let Some(i) = code.checked_sub(0x0600)
        && i < 0x100
    {
        return ARABIC_BLOCK_LETTERS[i as usize / 64] >> (i % 64) & 1 == 1;
    }
    code > 0x06FF && in_arabic_letter_ranges(c)
}

const fn in_arabic_letter_ranges(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{063F}' | '\u{0641}'..='\u{064A}' | '\u{066E}'..='\u{066F}' | '\u{0671}'..='\u{06D3}' | '\u{06D5}' | '\u{06EE}'..='\u{06EF}' | '\u{06FA}'..='\u{06FC}' | '\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}')
}

/// [`in_arabic_letter_ranges`] of U+0600 to U+06FF, a bit each.
const ARABIC_BLOCK_LETTERS: [u64; 4] = {
    let mut bits = [0u64; 4];
    let mut i = 0;
    while i < 0x100 {
        if let Some(c) = char::from_u32(0x0600 + i)
            && in_arabic_letter_ranges(c)
        {
            bits[i as usize / 64] |= 1 << (i % 64);
        }
        i += 1;
    }
    bits
};

/// Arabic presentation forms (ligatures and contextual shapes), left by PDF
/// extraction and old encoders; NFKC maps them back to base letters.
pub fn is_presentation_form(c: char) -> bool {
    matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFE}')
}

pub fn is_arabic_indic_digit(c: char) -> bool {
    matches!(c, '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}')
}

/// Explicit bidi embeddings, overrides and isolates: they reorder what a
/// reader sees (the "Trojan Source" characters).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Implicit direction marks: LRM, RLM and the Arabic letter mark.
pub fn is_bidi_mark(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters with no visible width that can hide inside a word.
pub fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{00AD}' | '\u{180E}')
}

/// Where in U+0600–U+06FF the character at `bytes[at]` (a character
/// boundary of a valid text) stands, when it is in that block: its lead
/// byte is 0xD8–0xDB and the byte after it holds the low six bits. Hot
/// loops read the Arabic letters (most of a text) this way from tables,
/// instead of decoding them.
#[inline]
pub fn arabic_block_offset(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes[at] {
        lead @ 0xD8..=0xDB => Some((usize::from(lead & 0x03) << 6) | usize::from(bytes[at + 1] & 0x3F)),
        _ => None,
    }
}

/// `char::is_alphanumeric`, answered without Unicode table look-ups for
/// ASCII and the Arabic block, which is nearly all the text mtlint reads.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    if ('\u{0600}'..='\u{06FF}').contains(&c) {
        // Letters and digits answer at once; marks (some of which Unicode
        // counts as alphabetic) take the table look-up.
        return is_arabic_letter(c) || is_arabic_indic_digit(c) || c.is_alphanumeric();
    }
    c.is_alphanumeric()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_block_characters_are_placed_by_their_bytes() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let in_block = ('\u{0600}'..='\u{06FF}').contains(&c);
            let expected = in_block.then(|| c as usize - 0x0600);
            assert_eq!(arabic_block_offset(c.to_string().as_bytes(), 0), expected, "{c:?}");
        }
    }

    #[test]
    fn the_letter_table_agrees_with_the_ranges() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_arabic_letter(c), in_arabic_letter_ranges(c), "{c:?}");
        }
    }
}
