//! Output formats. Each reads finished diagnostics and writes them; none of
//! them looks at the rules or the text model.

pub mod human;
pub mod json;

use crate::diagnostic::Diagnostic;
use crate::source::SourceFile;

/// The findings of one file, with the text they point into.
#[derive(Debug)]
pub struct FileReport {
    pub source: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: each finding with its source line, underlined
    Human,
    /// One JSON array of all findings
    Json,
    /// One JSON object per line
    Jsonl,
}
