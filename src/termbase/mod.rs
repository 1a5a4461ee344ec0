//! Glossaries as translation teams keep them: a TBX termbase (ISO 30042)
//! or a two-column CSV/TSV table, read into entries for the `[[glossary]]`
//! rule kind. Errors carry the byte offset in the file, so they name its
//! line.

pub mod table;
pub mod tbx;

use std::path::Path;

/// One concept: the English term(s) that call for it, the Arabic
/// renderings the glossary requires, and renderings it forbids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryEntry {
    pub english: Vec<String>,
    pub arabic: Vec<String>,
    pub avoid: Vec<String>,
    /// Byte offset of the entry in its file (for errors about it).
    pub at: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermbaseError {
    /// Byte offset in the file, when the error has a place.
    pub at: Option<usize>,
    pub message: String,
}

impl TermbaseError {
    pub fn new(at: Option<usize>, message: impl Into<String>) -> Self {
        TermbaseError {
            at,
            message: message.into(),
        }
    }
}

/// The glossary formats, by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Tbx,
    Csv,
    Tsv,
}

impl Format {
    pub fn of(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "tbx" => Some(Format::Tbx),
            "csv" => Some(Format::Csv),
            "tsv" | "tab" => Some(Format::Tsv),
            _ => None,
        }
    }
}

/// Reads the entries of a glossary's text.
pub fn parse(text: &str, format: Format) -> Result<Vec<GlossaryEntry>, TermbaseError> {
    match format {
        Format::Tbx => tbx::parse(text),
        Format::Csv => table::parse(text, b','),
        Format::Tsv => table::parse(text, b'\t'),
    }
}

/// Splits a cell that lists several terms: `خلايا نائمة | خلية نائمة`.
pub fn alternatives(cell: &str) -> Vec<String> {
    cell.split(['|', ';', '؛'])
        .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|s| !s.is_empty())
        .collect()
}
