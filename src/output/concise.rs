//! `--format concise`: one finding per line, `path:line:col: severity[rule] message`.

use super::{FileReport, shown_path};
use crate::arabic::script::printable;
use std::io::{self, Write};

pub fn write_concise(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
            let at = r.source.line_col(d.span.start);
            let fixable = if d.fix.is_some() { " [*]" } else { "" };
            writeln!(
                out,
                "{}:{}:{}: {}[{}] {}{fixable}",
                shown_path(r.source.path()),
                at.line,
                at.column,
                d.severity,
                printable(&d.rule),
                printable(&d.message)
            )?;
        }
    }
    Ok(())
}
