//! `--statistics`: how many findings each rule raised, most first.

use super::FileReport;
use crate::diagnostic::Severity;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// One line per rule: how many findings, the highest severity, and how
/// many `--fix` would fix (safe fixes; unsafe ones are counted apart). With
/// `--format json`, the same as a JSON array.
pub fn write_statistics(reports: &[FileReport], format: super::Format, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Default)]
    struct Row {
        count: usize,
        severity: Option<Severity>,
        fixable: usize,
        unsafe_fixable: usize,
    }
    let mut counts: BTreeMap<&str, Row> = BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let row = counts.entry(&d.rule).or_default();
        row.count += 1;
        row.severity = row.severity.max(Some(d.severity));
        match d.fix.as_ref().map(|f| f.applicability) {
            Some(crate::diagnostic::Applicability::Safe) => row.fixable += 1,
            Some(crate::diagnostic::Applicability::Unsafe) => row.unsafe_fixable += 1,
            None => {}
        }
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(b.0)));
    if matches!(format, super::Format::Json) {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|(id, row)| {
                serde_json::json!({
                    "rule": id,
                    "count": row.count,
                    "severity": row.severity.map(Severity::as_str),
                    "fixable": row.fixable,
                    "unsafe_fixable": row.unsafe_fixable,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list)?;
        return writeln!(out);
    }
    let width = rows.iter().map(|(id, _)| id.len()).max().unwrap_or(0);
    for (id, row) in rows {
        let mut fix = String::new();
        if row.fixable > 0 {
            fix.push_str(&format!("  {} fixable", row.fixable));
        }
        if row.unsafe_fixable > 0 {
            fix.push_str(&format!("  {} with --unsafe-fixes", row.unsafe_fixable));
        }
        let severity = row.severity.map_or("", Severity::as_str);
        writeln!(out, "{:6}  {id:width$}  {severity:7}{fix}", row.count)?;
    }
    Ok(())
}
