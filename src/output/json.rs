//! `--format json` / `jsonl`: the diagnostic contract other tools rely on
//! (byte offsets, 1-based line/column in Unicode scalar values).

use super::FileReport;
use crate::diagnostic::{Applicability, Diagnostic, Related, Severity};
use crate::source::SourceFile;
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
pub struct JsonFix<'a> {
    pub start: usize,
    pub end: usize,
    pub replacement: &'a str,
    pub applicability: Applicability,
}

#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub path: &'a str,
    pub rule: &'a str,
    pub severity: Severity,
    pub message: &'a str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<JsonFix<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub suggestions: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<&'a str>,
    #[serde(skip_serializing_if = "<[Related]>::is_empty")]
    pub related: &'a [Related],
}

impl<'a> JsonDiagnostic<'a> {
    pub fn new(source: &'a SourceFile, d: &'a Diagnostic) -> Self {
        let start = source.line_col(d.span.start);
        let end = source.line_col(d.span.end);
        JsonDiagnostic {
            path: source.path(),
            rule: &d.rule,
            severity: d.severity,
            message: &d.message,
            start: d.span.start,
            end: d.span.end,
            line: start.line,
            column: start.column,
            end_line: end.line,
            end_column: end.column,
            fix: d.fix.as_ref().map(|f| JsonFix {
                start: f.span.start,
                end: f.span.end,
                replacement: &f.replacement,
                applicability: f.applicability,
            }),
            suggestions: d.suggestions(),
            note: d.note(),
            related: d.related(),
        }
    }
}

fn all<'a>(reports: &'a [FileReport]) -> impl Iterator<Item = JsonDiagnostic<'a>> {
    reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| JsonDiagnostic::new(&r.source, d)))
}

/// A JSON array written an element at a time, so findings can be streamed
/// as files are linted.
#[derive(Debug, Default)]
pub struct JsonArray {
    started: bool,
}

impl JsonArray {
    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(b"[")
    }

    pub fn push(&mut self, out: &mut dyn Write, item: &JsonDiagnostic) -> io::Result<()> {
        out.write_all(if self.started { b",\n" } else { b"\n" })?;
        self.started = true;
        serde_json::to_writer_pretty(&mut *out, item)?;
        Ok(())
    }

    pub fn finish(self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.started { b"\n]\n" } else { b"]\n" })
    }

    /// Every finding of the reports.
    pub fn push_reports(&mut self, out: &mut dyn Write, reports: &[FileReport]) -> io::Result<()> {
        for item in all(reports) {
            self.push(out, &item)?;
        }
        Ok(())
    }
}

pub fn write_json(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    let mut array = JsonArray::default();
    array.begin(out)?;
    array.push_reports(out, reports)?;
    array.finish(out)
}

pub fn write_jsonl(reports: &[FileReport], out: &mut dyn Write) -> io::Result<()> {
    for item in all(reports) {
        serde_json::to_writer(&mut *out, &item)?;
        writeln!(out)?;
    }
    Ok(())
}
