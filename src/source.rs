//! The original text of one input and the line index used to turn byte
//! offsets into 1-based line/column positions.

use std::ops::Range;

/// One input file, owning its text exactly as read (minus nothing: a BOM
/// stays, so byte offsets are offsets into the file on disk).
#[derive(Debug, Clone)]
pub struct SourceFile {
    path: String,
    text: String,
    line_starts: Vec<usize>,
    /// Lines of the file before this text, when the text is a stretch cut
    /// from a bigger one ([`SourceFile::stretch_of`]): [`SourceFile::line_col`]
    /// counts them, so messages name the file's lines.
    lines_before: usize,
    /// Characters before each [`CHAR_BLOCK`]-byte block, built on the first
    /// column asked for on a long line, so columns cost O(block) each
    /// instead of O(line) (scraped articles can be one 15 MB line).
    char_index: std::sync::OnceLock<Vec<usize>>,
}

/// Bytes per entry of the character index.
const CHAR_BLOCK: usize = 4096;

/// A 1-based line and column; columns count Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        // Counted first, so the index is one allocation: grown line by line
        // it was reallocated a few times per article, and the 1,000 files
        // took 1 % longer (60 alternating runs, twenty-first stop).
        let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
        let mut line_starts = Vec::with_capacity(lines);
        line_starts.push(0);
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
            lines_before: 0,
            char_index: std::sync::OnceLock::new(),
        }
    }

    /// The stretch `range` of this text on its own, which must start where
    /// a line starts. Its offsets and its line indices start at 0 (those
    /// of its findings are shifted back by `range.start`); the lines and
    /// columns [`SourceFile::line_col`] gives are the whole file's.
    pub fn stretch_of(&self, range: Range<usize>) -> SourceFile {
        debug_assert!(range.start == 0 || self.text.as_bytes()[range.start - 1] == b'\n');
        SourceFile {
            lines_before: self.lines_before + self.line_index(range.start),
            ..SourceFile::new(self.path.clone(), &self.text[range])
        }
    }

    /// The path as the user gave it (`-` for standard input).
    pub fn path(&self) -> &str {
        &self.path
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text, without the index built over it.
    pub fn into_text(self) -> String {
        self.text
    }

    /// Lines of this text (of the stretch, for [`SourceFile::stretch_of`]);
    /// with [`SourceFile::line_index`] and [`SourceFile::line_range`], they
    /// count from the text's first line.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// 0-based index of the line holding `byte`.
    pub fn line_index(&self, byte: usize) -> usize {
        match self.line_starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte range of a 0-based line, including its line terminator.
    pub fn line_range(&self, line_index: usize) -> Range<usize> {
        let start = self.line_starts[line_index];
        let end = self.line_starts.get(line_index + 1).copied().unwrap_or(self.text.len());
        start..end
    }

    /// 1-based line and column of a byte offset (which must be on a char
    /// boundary; offsets at the end of the text are allowed).
    pub fn line_col(&self, byte: usize) -> LineCol {
        let line = self.line_index(byte);
        let mut start = self.line_starts[line];
        // A byte-order mark is an encoding signature, not a column.
        // (Only the file's: a stretch may start with the character too.)
        if start == 0 && self.lines_before == 0 && byte >= 3 && self.text.starts_with('\u{FEFF}') {
            start = 3;
        }
        let column = self.chars_between(start, byte) + 1;
        LineCol {
            line: self.lines_before + line + 1,
            column,
        }
    }

    /// Unicode scalar values in `start..end` (both on char boundaries).
    fn chars_between(&self, start: usize, end: usize) -> usize {
        if end - start <= 2 * CHAR_BLOCK {
            return count_chars(&self.text.as_bytes()[start..end]);
        }
        self.chars_before(end) - self.chars_before(start)
    }

    /// Unicode scalar values before byte `at`, from the block index.
    fn chars_before(&self, at: usize) -> usize {
        let index = self.char_index.get_or_init(|| {
            let mut counts = vec![0];
            let mut total = 0;
            for block in self.text.as_bytes().chunks(CHAR_BLOCK) {
                total += count_chars(block);
                counts.push(total);
            }
            counts
        });
        let block = at / CHAR_BLOCK;
        index[block] + count_chars(&self.text.as_bytes()[block * CHAR_BLOCK..at])
    }
}

/// Characters that start in `bytes`: every byte that is not a UTF-8
/// continuation byte (works on slices cut anywhere).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// Lets codespan-reporting render diagnostics straight from our line index.
impl<'a> codespan_reporting::files::Files<'a> for SourceFile {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.path)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(SourceFile::line_index(self, byte_index))
    }

    /// Columns from the shared index; the default would count characters
    /// from the line start for every label (quadratic on one-line files).
    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line_col(byte_index).column)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, codespan_reporting::files::Error> {
        if line_index >= self.line_starts.len() {
            return Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: self.line_starts.len() - 1,
            });
        }
        Ok(SourceFile::line_range(self, line_index))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stretch_gives_the_files_lines_and_columns() {
        let file = SourceFile::new("f", "\u{FEFF}أ\nب\n\n\u{FEFF}ج د\nه\n");
        let from = file.text().find("\u{FEFF}ج").unwrap();
        let stretch = file.stretch_of(from..file.text().len());
        assert_eq!(stretch.path(), "f");
        assert_eq!(stretch.text(), "\u{FEFF}ج د\nه\n");
        // Every offset of the stretch, against the file's own answer (the
        // byte-order mark counts as a column where it is not the file's
        // first character).
        for (at, _) in stretch.text().char_indices() {
            assert_eq!(stretch.line_col(at), file.line_col(from + at), "at {at}");
        }
        assert_eq!(stretch.line_count(), 3);
        assert_eq!(stretch.line_range(1), "\u{FEFF}ج د\n".len().."\u{FEFF}ج د\nه\n".len());
        // A stretch of a stretch counts the lines of both.
        let inner = stretch.stretch_of("\u{FEFF}ج د\n".len()..stretch.text().len());
        assert_eq!(inner.line_col(0), file.line_col(file.text().find('ه').unwrap()));
    }

    #[test]
    fn line_and_column_count_scalar_values() {
        let src = SourceFile::new("t", "سطر\nمرحبا بك\n");
        assert_eq!(src.line_col(0), LineCol { line: 1, column: 1 });
        let byte = src.text().find("بك").unwrap();
        assert_eq!(src.line_col(byte), LineCol { line: 2, column: 7 });
        assert_eq!(src.line_col(src.text().len()), LineCol { line: 3, column: 1 });
    }

    #[test]
    fn byte_order_mark_is_not_a_column() {
        let src = SourceFile::new("t", "\u{FEFF}نص\r\nسطر");
        assert_eq!(src.line_col(3), LineCol { line: 1, column: 1 });
        let second = src.text().find("سطر").unwrap();
        assert_eq!(src.line_col(second), LineCol { line: 2, column: 1 });
    }

    #[test]
    fn columns_on_a_long_line_match_a_plain_count() {
        let line = "قال مظلوم عبدي x ".repeat(3000);
        let src = SourceFile::new("t", format!("سطر\n{line}"));
        let text = src.text();
        let start = text.find('\n').unwrap() + 1;
        for byte in (start..text.len()).step_by(997).filter(|&b| text.is_char_boundary(b)) {
            let expected = text[start..byte].chars().count() + 1;
            assert_eq!(
                src.line_col(byte),
                LineCol {
                    line: 2,
                    column: expected
                },
                "byte {byte}"
            );
        }
    }

    #[test]
    fn line_range_includes_terminator() {
        let src = SourceFile::new("t", "a\r\nb");
        assert_eq!(src.line_range(0), 0..3);
        assert_eq!(src.line_range(1), 3..4);
    }
}
