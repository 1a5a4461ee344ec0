//! The default output: codespan-reporting diagnostics, readable even where
//! the terminal draws Arabic in the wrong order (the flagged text is quoted
//! in the label, invisible characters are named by code point).

use super::FileReport;
use super::shown_path;
use crate::arabic::script::{is_bidi_control, is_bidi_mark, is_invisible, printable};
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::SourceFile;
use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as ReportSeverity};
use codespan_reporting::term::{self, Config, termcolor::WriteColor};
use std::borrow::Cow;
use std::io;

fn report(source_text: &str, d: &Diagnostic) -> Report<()> {
    let severity = match d.severity {
        Severity::Error => ReportSeverity::Error,
        Severity::Warning => ReportSeverity::Warning,
        Severity::Info => ReportSeverity::Note,
    };
    let flagged = shorten(&printable(&source_text[d.span.clone()]));
    let mut notes = Vec::new();
    // A one-character fix says everything its lone suggestion would.
    let fix_says_it = d
        .fix
        .as_ref()
        .is_some_and(|f| f.span == d.span && d.suggestions == [f.replacement.clone()]);
    if !d.suggestions.is_empty() && !fix_says_it {
        let list: Vec<String> = d.suggestions.iter().map(|s| format!("«{}»", printable(s))).collect();
        notes.push(format!("suggestion: {}", list.join(" or ")));
    }
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            crate::diagnostic::Applicability::Safe => "fix available",
            crate::diagnostic::Applicability::Unsafe => "unsafe fix available",
        };
        let one_line = |s: &str| shorten(&printable(&s.replace('\n', "⏎")));
        let before = one_line(&source_text[fix.span.clone()]);
        notes.push(match (fix.span.is_empty(), fix.replacement.is_empty()) {
            (_, true) => format!("{kind}: remove «{before}»"),
            (true, false) => format!("{kind}: insert «{}»", one_line(&fix.replacement)),
            (false, false) => format!("{kind}: «{before}» → «{}»", one_line(&fix.replacement)),
        });
    }
    if let Some(note) = &d.note {
        notes.push(printable(note).into_owned());
    }
    for r in &d.related {
        notes.push(format!(
            "{}:{}:{}: {}",
            super::shown_path(&r.path),
            r.line,
            r.column,
            printable(&r.message)
        ));
    }
    Report::new(severity)
        .with_code(printable(&d.rule).into_owned())
        .with_message(printable(&d.message))
        .with_labels(vec![
            Label::primary((), d.span.clone()).with_message(format!("«{flagged}»")),
        ])
        .with_notes(notes)
}

/// Long spans (a whole duplicated paragraph) are quoted by their ends.
fn shorten(text: &str) -> String {
    const HEAD: usize = 40;
    const TAIL: usize = 20;
    let count = text.chars().count();
    if count <= HEAD + TAIL + 5 {
        return text.to_string();
    }
    let head: String = text.chars().take(HEAD).collect();
    let tail: String = text.chars().skip(count - TAIL).collect();
    format!("{head} … {tail}")
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub files: usize,
}

impl Totals {
    pub fn of(reports: &[FileReport]) -> Totals {
        let mut t = Totals::default();
        for r in reports {
            t.add(r);
        }
        t
    }

    pub fn add(&mut self, report: &FileReport) {
        self.files += 1;
        for d in &report.diagnostics {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
                Severity::Info => self.infos += 1,
            }
        }
    }
}

/// «1 error», «2 errors».
pub fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

pub fn summary(t: Totals) -> String {
    format!(
        "{}, {}, {} in {}",
        plural(t.errors, "error"),
        plural(t.warnings, "warning"),
        plural(t.infos, "info"),
        plural(t.files, "file")
    )
}

/// The source as shown in snippets: bidi controls, invisible characters and
/// control characters are replaced by a visible stand-in of the same UTF-8
/// length, so the terminal neither runs an escape sequence, reorders the
/// line (Trojan Source) nor hides a character, and every byte offset still
/// points at the same place. The path is made printable the same way.
fn display_source(source: &SourceFile) -> Cow<'_, SourceFile> {
    let text = source.text();
    let bytes = text.as_bytes();
    let hidden = |i: usize, c: char| match c {
        '\n' | '\t' => false,
        // A CRLF line end is a line end; a lone CR would overwrite the line.
        '\r' => bytes.get(i + 1) != Some(&b'\n'),
        _ => {
            c.is_control()
                || is_bidi_control(c)
                || is_bidi_mark(c)
                || is_invisible(c)
                || matches!(c, '\u{2028}' | '\u{2029}')
        }
    };
    let path = shown_path(source.path());
    if !text.char_indices().any(|(i, c)| hidden(i, c)) && matches!(path, Cow::Borrowed(_)) {
        return Cow::Borrowed(source);
    }
    let shown: String = text
        .char_indices()
        .map(|(i, c)| match c.len_utf8() {
            _ if !hidden(i, c) => c,
            1 => '?',
            2 => '¤',
            _ => '◊',
        })
        .collect();
    Cow::Owned(SourceFile::new(path.into_owned(), shown))
}

/// Every finding of every report, then the one-line summary.
pub fn write_human(reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    write_diagnostics(reports, out)?;
    writeln!(out, "{}", summary(Totals::of(reports)))
}

/// Lines longer than this are not printed in full under a finding (a
/// 200 MB one-line file would be printed once per finding); the finding
/// is shown with its location and quoted text only.
const MAX_SNIPPET_LINE: usize = 2_000;

/// Writes through to the terminal, but names codespan's `note` severity
/// `info`, as the JSON output, the configuration and the summary do.
struct InfoNamed<'a> {
    inner: &'a mut dyn WriteColor,
}

impl io::Write for InfoNamed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // The renderer writes the severity name in one piece.
        if buf == b"note" {
            self.inner.write_all(b"info")?;
            return Ok(buf.len());
        }
        self.inner.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

impl WriteColor for InfoNamed<'_> {
    fn supports_color(&self) -> bool {
        self.inner.supports_color()
    }

    fn set_color(&mut self, spec: &codespan_reporting::term::termcolor::ColorSpec) -> io::Result<()> {
        self.inner.set_color(spec)
    }

    fn reset(&mut self) -> io::Result<()> {
        self.inner.reset()
    }
}

pub fn write_diagnostics(reports: &[FileReport], out: &mut dyn WriteColor) -> io::Result<()> {
    let out = &mut InfoNamed { inner: out };
    let config = Config::default();
    let short = Config {
        display_style: codespan_reporting::term::DisplayStyle::Medium,
        ..Config::default()
    };
    for r in reports {
        let shown = display_source(&r.source);
        for d in &r.diagnostics {
            let line = r.source.line_range(r.source.line_index(d.span.start));
            let config = if line.len() > MAX_SNIPPET_LINE { &short } else { &config };
            term::emit_to_write_style(out, config, shown.as_ref(), &report(r.source.text(), d)).map_err(
                |e| match e {
                    codespan_reporting::files::Error::Io(e) => e,
                    other => io::Error::other(other.to_string()),
                },
            )?;
        }
    }
    Ok(())
}
