//! Output formats. Each reads finished diagnostics and writes them; none of
//! them looks at the rules or the text model.

pub mod concise;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod sarif;
pub mod statistics;

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleInfo;
use crate::source::SourceFile;
use codespan_reporting::term::termcolor::WriteColor;
use std::borrow::Cow;
use std::io;

/// A path as printed for people: every character that could drive a
/// terminal or start a line is escaped, and a relative path that begins
/// like a CI workflow command (`::warning`, `##[error]`) or with a space is
/// written `./…`, so no output line starts with text taken from a path.
pub fn shown_path(path: &str) -> Cow<'_, str> {
    let path = crate::arabic::script::printable(path);
    if path.starts_with([':', '#']) || path.starts_with(char::is_whitespace) {
        return Cow::Owned(format!("./{path}"));
    }
    path
}

/// A problem with one input that is not a finding: a file that could not be
/// read or written (`error`), or one that was skipped (`note`). SARIF
/// carries them as tool execution notifications, so a dashboard shows that
/// a file was not checked instead of showing it clean.
#[derive(Debug, Clone)]
pub struct Notification {
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

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
    /// One line per finding: `path:line:col: severity[rule] message`
    Concise,
    /// One JSON array of all findings
    Json,
    /// One JSON object per line
    Jsonl,
    /// SARIF 2.1.0, for code-scanning tools
    Sarif,
    /// GitHub Actions workflow commands (annotations on pull requests)
    Github,
    /// One self-contained HTML page: each article right-to-left with its
    /// findings highlighted, a summary, filters (write it with -o report.html)
    Html,
}

/// Writes all reports in one format. `rules` describes the rules for
/// formats that carry rule metadata (SARIF).
pub fn write_report(
    format: Format,
    reports: &[FileReport],
    rules: &[RuleInfo],
    out: &mut dyn WriteColor,
) -> io::Result<()> {
    match format {
        Format::Human => human::write_human(reports, out),
        Format::Concise => concise::write_concise(reports, out),
        Format::Json => json::write_json(reports, out),
        Format::Jsonl => json::write_jsonl(reports, out),
        Format::Sarif => sarif::write_sarif(reports, rules, &[], out),
        Format::Github => github::write_github(reports, out),
        Format::Html => html::write_html(reports, rules, &[], out),
    }
}
