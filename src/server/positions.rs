//! LSP positions (line, character) and byte offsets. The character counts
//! units of the encoding the client and server agreed on: UTF-16 code
//! units by default (a letter outside the BMP is two), UTF-8 bytes (an
//! Arabic letter is two) or code points when the client offers them.

use lsp_types::{Position, PositionEncodingKind, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// UTF-8 when the client offers it (no conversion of mtlint's byte
    /// offsets), else UTF-16, which every client must accept.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        if offered.contains(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offered.contains(&PositionEncodingKind::UTF32) && !offered.contains(&PositionEncodingKind::UTF16) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> u32 {
        match self {
            Encoding::Utf8 => c.len_utf8() as u32,
            Encoding::Utf16 => c.len_utf16() as u32,
            Encoding::Utf32 => 1,
        }
    }
}

/// Where each line starts. Lines end at `\n` (a `\r` before it belongs to
/// the line break), as in mtlint's own line numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        LineIndex { starts }
    }

    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character = text[start..offset].chars().map(|c| encoding.units(c)).sum();
        Position::new(line as u32, character)
    }

    pub fn range(&self, text: &str, span: std::ops::Range<usize>, encoding: Encoding) -> Range {
        Range::new(
            self.position(text, span.start, encoding),
            self.position(text, span.end, encoding),
        )
    }

    /// The byte offset of a position. A character past the end of its line
    /// means the line's end, a line past the last the end of the text (as
    /// LSP says); a position inside a character moves to its end.
    pub fn offset(&self, text: &str, position: Position, encoding: Encoding) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let end = match self.starts.get(position.line as usize + 1) {
            Some(&next) => {
                let end = next - 1;
                if text[..end].ends_with('\r') { end - 1 } else { end }
            }
            None => text.len(),
        };
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += encoding.units(c);
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arabic_with_diacritics_and_letters_outside_the_bmp() {
        // «قُتِلَ» has three letters and three harakat (two bytes each);
        // 𝐀 (U+1D400) is four UTF-8 bytes and two UTF-16 units.
        let text = "سطر\r\nقُتِلَ 𝐀 نص\nأخير";
        let index = LineIndex::new(text);
        let at = text.find("نص").unwrap();
        assert_eq!(
            index.position(text, at, Encoding::Utf8),
            Position::new(1, 12 + 1 + 4 + 1)
        );
        assert_eq!(
            index.position(text, at, Encoding::Utf16),
            Position::new(1, 6 + 1 + 2 + 1)
        );
        assert_eq!(
            index.position(text, at, Encoding::Utf32),
            Position::new(1, 6 + 1 + 1 + 1)
        );
        for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
            for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let p = index.position(text, offset, encoding);
                if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                    continue; // between \r and \n: not a place on a line
                }
                assert_eq!(index.offset(text, p, encoding), offset, "{encoding:?} {offset} {p:?}");
            }
        }
        // Past the end of a line: its end (before \r\n); past the last line: the end.
        assert_eq!(index.offset(text, Position::new(0, 99), Encoding::Utf16), 6);
        assert_eq!(index.offset(text, Position::new(9, 0), Encoding::Utf16), text.len());
        // Inside 𝐀's surrogate pair: after it.
        let astral = text.find('𝐀').unwrap();
        assert_eq!(index.offset(text, Position::new(1, 8), Encoding::Utf16), astral + 4);
    }

    proptest::proptest! {
        /// Every place in any text (but between \r and \n) survives the
        /// trip to a position and back, in every encoding, and positions
        /// count what each encoding says a character is.
        #[test]
        fn offsets_and_positions_agree(text in "[ab ب\u{064E}𝐀\n\r]{0,40}") {
            let index = LineIndex::new(&text);
            for encoding in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                for offset in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
                    if text[..offset].ends_with('\r') && text[offset..].starts_with('\n') {
                        continue;
                    }
                    let p = index.position(&text, offset, encoding);
                    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
                    let before = &text[line_start..offset];
                    let units = match encoding {
                        Encoding::Utf8 => before.len(),
                        Encoding::Utf16 => before.encode_utf16().count(),
                        Encoding::Utf32 => before.chars().count(),
                    };
                    proptest::prop_assert_eq!(p, Position::new(text[..offset].matches('\n').count() as u32, units as u32));
                    proptest::prop_assert_eq!(index.offset(&text, p, encoding), offset);
                }
            }
        }
    }

    #[test]
    fn utf8_is_preferred_when_offered() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        assert_eq!(
            Encoding::negotiate(Some(&[PositionEncodingKind::UTF32])),
            Encoding::Utf32
        );
    }
}
