//! `--format github`: GitHub Actions workflow commands, so each finding
//! shows as an annotation on the pull request's diff.

use super::FileReport;
use crate::diagnostic::Severity;
use std::io::{self, Write};

/// Escaping for the message part of a workflow command: the runner's own
/// escapes for `%`, CR and LF, and every other character that could drive
/// the log viewer or reorder the line shown as `<U+XXXX>`.
fn escape_data(s: &str) -> String {
    let s = s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A");
    crate::arabic::script::printable(&s).into_owned()
}

/// Escaping for a property value (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn write_github(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let start = r.source.line_col(d.span.start);
            let end = r.source.line_col(d.span.end);
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            writeln!(
                out,
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(r.source.path()),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(&format!("mtlint ({})", d.rule)),
                escape_data(&d.message)
            )?;
        }
    }
    Ok(())
}

/// A file that could not be read or written is an error annotation on that
/// file, so the check run does not look clean; a skipped file is a notice.
pub fn write_github_notification(n: &super::Notification, out: &mut dyn Write) -> io::Result<()> {
    let level = match n.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    };
    writeln!(
        out,
        "::{level} file={},title={}::{}",
        escape_property(&n.path),
        escape_property("mtlint"),
        escape_data(&n.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes() {
        assert_eq!(escape_data("a%b\nc"), "a%25b%0Ac");
        assert_eq!(escape_property("x:y,z"), "x%3Ay%2Cz");
    }
}
