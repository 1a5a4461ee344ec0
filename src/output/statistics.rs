//! `--statistics`: how many findings each rule raised, most first.

use super::FileReport;
use crate::diagnostic::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

pub fn write_statistics(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut counts: BTreeMap<&str, (usize, Severity, usize)> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let entry = counts.entry(&d.rule).or_insert((0, d.severity, 0));
        entry.0 += 1;
        entry.1 = entry.1.max(d.severity);
        if d.fix.is_some() {
            entry.2 += 1;
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.0.cmp(&a.1.0).then(a.0.cmp(b.0)));
    let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, (count, severity, fixable)) in rows {
        let fix = if fixable > 0 {
            format!("  {fixable} fixable")
        } else {
            String::new()
        };
        writeln!(out, "{count:6}  {id:width$}  {severity:7}{fix}")?;
    }
    Ok(())
}
