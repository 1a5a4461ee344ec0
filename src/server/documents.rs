//! The documents the editor has open: their text as the editor has it
//! (not as it is on disk), and the findings of the last lint.

use super::positions::{Encoding, LineIndex};
use crate::commands::settings::Context;
use crate::diagnostic::Diagnostic;
use crate::markup::Markup;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

pub struct Document {
    pub text: Arc<str>,
    pub version: i32,
    pub index: LineIndex,
    pub path: Option<PathBuf>,
    pub markup: Markup,
    /// When the text changed last without a lint since (for the debounce).
    pub changed: Option<Instant>,
    pub linted: Option<Linted>,
}

/// The findings of one version of the text, with the context (rules,
/// settings) that produced them.
pub struct Linted {
    pub version: i32,
    /// The name the findings give this file (in related locations).
    pub name: String,
    pub diagnostics: Vec<Diagnostic>,
    pub context: Arc<Context>,
}

impl Document {
    pub fn new(uri: &Uri, text: String, version: i32) -> Document {
        let path = file_path(uri);
        let markup = path.as_deref().map_or(Markup::Plain, Markup::of_path);
        Document {
            index: LineIndex::new(&text),
            text: text.into(),
            version,
            path,
            markup,
            changed: None,
            linted: None,
        }
    }

    /// Applies the editor's edits in order (a change without a range
    /// replaces the whole text).
    pub fn change(&mut self, version: i32, changes: Vec<TextDocumentContentChangeEvent>, encoding: Encoding) {
        let mut text = self.text.to_string();
        for change in changes {
            match change.range {
                None => text = change.text,
                Some(range) => {
                    let start = self.index.offset(&text, range.start, encoding);
                    let end = self.index.offset(&text, range.end, encoding).max(start);
                    text.replace_range(start..end, &change.text);
                }
            }
            // The next change's positions are in the text as this one left it.
            self.index = LineIndex::new(&text);
        }
        self.text = text.into();
        self.version = version;
        self.changed = Some(Instant::now());
    }

    /// The findings, if they are of the text as it is now.
    pub fn current(&self) -> Option<&Linted> {
        self.linted.as_ref().filter(|l| l.version == self.version)
    }

    pub fn range(&self, span: std::ops::Range<usize>, encoding: Encoding) -> lsp_types::Range {
        self.index.range(&self.text, span, encoding)
    }

    pub fn offset(&self, position: lsp_types::Position, encoding: Encoding) -> usize {
        self.index.offset(&self.text, position, encoding)
    }
}

/// The local path of a `file:` URI (percent-decoded); other schemes
/// (unsaved buffers) have none.
pub fn file_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // file:///path or file://localhost/path
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8().ok()?;
    decoded.starts_with('/').then(|| PathBuf::from(decoded.as_ref()))
}

/// The `file:` URI of a path.
pub fn file_uri(path: &std::path::Path) -> Option<Uri> {
    let absolute = std::path::absolute(path).ok()?;
    crate::output::sarif::uri(&absolute.to_string_lossy()).parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn file_uris_and_paths() {
        let uri: Uri = "file:///tmp/a%20b/%D9%85%D9%82%D8%A7%D9%84.txt".parse().unwrap();
        assert_eq!(file_path(&uri), Some(PathBuf::from("/tmp/a b/مقال.txt")));
        assert_eq!(
            file_uri(&PathBuf::from("/tmp/a b/مقال.txt")).unwrap().as_str(),
            uri.as_str()
        );
        assert_eq!(file_path(&"untitled:Untitled-1".parse().unwrap()), None);
    }

    #[test]
    fn edits_apply_in_order_in_the_negotiated_encoding() {
        let uri: Uri = "file:///tmp/a.txt".parse().unwrap();
        let mut doc = Document::new(&uri, "قُتِلَ 𝐀 نص\nسطر".into(), 1);
        let edit = |sl, sc, el, ec, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(sl, sc), Position::new(el, ec))),
            range_length: None,
            text: text.into(),
        };
        // UTF-16: «قُتِلَ» is 6 units, 𝐀 two, two spaces; «نص» is units 10..12.
        doc.change(
            2,
            vec![edit(0, 10, 0, 12, "كلام"), edit(1, 0, 1, 0, "أول ")],
            Encoding::Utf16,
        );
        assert_eq!(&*doc.text, "قُتِلَ 𝐀 كلام\nأول سطر");
        // UTF-8: the same place is bytes 12 + 1 + 4 + 1 = 18.
        doc.change(3, vec![edit(0, 18, 0, 26, "نص")], Encoding::Utf8);
        assert_eq!(&*doc.text, "قُتِلَ 𝐀 نص\nأول سطر");
        assert_eq!(doc.version, 3);
    }
}
