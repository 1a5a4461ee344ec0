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
use std::ops::Range;

fn report(source_text: &str, d: &Diagnostic, label_span: std::ops::Range<usize>) -> Report<()> {
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
        .is_some_and(|f| f.span == d.span && matches!(d.suggestions(), [only] if **only == *f.replacement));
    if !d.suggestions().is_empty() && !fix_says_it {
        let list: Vec<String> = d.suggestions().iter().map(|s| format!("«{}»", printable(s))).collect();
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
    if let Some(note) = d.note() {
        notes.push(printable(note).into_owned());
    }
    for r in d.related() {
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
            Label::primary((), label_span).with_message(format!("«{flagged}»")),
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

/// `range` of `text` as shown in snippets: bidi controls, invisible
/// characters and control characters are replaced by a visible stand-in of
/// the same UTF-8 length, so the terminal neither runs an escape sequence,
/// reorders the line (Trojan Source) nor hides a character, and every byte
/// offset still points at the same place.
fn shown_text(text: &str, range: Range<usize>) -> Cow<'_, str> {
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
    let part = &text[range.clone()];
    if !part.char_indices().any(|(i, c)| hidden(range.start + i, c)) {
        return Cow::Borrowed(part);
    }
    Cow::Owned(
        part.char_indices()
            .map(|(i, c)| match c.len_utf8() {
                _ if !hidden(range.start + i, c) => c,
                1 => '?',
                2 => '¤',
                _ => '◊',
            })
            .collect(),
    )
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
    let io_error = |e: codespan_reporting::files::Error| match e {
        codespan_reporting::files::Error::Io(e) => e,
        other => io::Error::other(other.to_string()),
    };
    for r in reports.iter().filter(|r| !r.diagnostics.is_empty()) {
        let name = shown_path(r.source.path());
        for d in &r.diagnostics {
            let line_index = r.source.line_index(d.span.start);
            let line = r.source.line_range(line_index);
            if let Some(window) = Window::around(&r.source, &name, line_index, &line, &d.span) {
                let shift = window.shift;
                let span = d.span.start - shift..d.span.end - shift;
                term::emit_to_write_style(out, &config, &window, &report(r.source.text(), d, span))
                    .map_err(io_error)?;
                continue;
            }
            let (config, excerpt) = if line.len() > MAX_SNIPPET_LINE {
                (&short, Excerpt::location_only(&r.source, &name, d.span.start))
            } else {
                (&config, Excerpt::lines_of(&r.source, &name, line.start, d.span.end))
            };
            let label = excerpt.label(&d.span);
            term::emit_to_write_style(out, config, &excerpt, &report(r.source.text(), d, label)).map_err(io_error)?;
        }
    }
    Ok(())
}

/// The lines a finding's snippet shows (from the line its span starts on
/// to the line it ends on), made safe to show, at offsets `shift` bytes
/// before the file's. Only these lines are copied: making the whole file
/// safe to show held a second copy of it (the 100 MB bench file, which
/// has hidden characters, peaked at 389 MB instead of 260 MB).
struct Excerpt<'a> {
    source: &'a SourceFile,
    name: &'a str,
    text: Cow<'a, str>,
    shift: usize,
}

impl<'a> Excerpt<'a> {
    /// From the line starting at `line_start` to the end of the line
    /// holding `end`.
    fn lines_of(source: &'a SourceFile, name: &'a str, line_start: usize, end: usize) -> Excerpt<'a> {
        let last = source.line_range(source.line_index(end));
        Excerpt {
            source,
            name,
            text: shown_text(source.text(), line_start..last.end),
            shift: line_start,
        }
    }

    /// No lines, only the place `at`: for a finding on a line too long to
    /// print, whose report gives its location alone.
    fn location_only(source: &'a SourceFile, name: &'a str, at: usize) -> Excerpt<'a> {
        Excerpt {
            source,
            name,
            text: Cow::Borrowed(""),
            shift: at,
        }
    }

    /// `span` at the excerpt's offsets; empty in a location-only excerpt,
    /// which holds no text.
    fn label(&self, span: &Range<usize>) -> Range<usize> {
        let start = span.start - self.shift;
        start..(span.end - self.shift).min(self.text.len()).max(start)
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Excerpt<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.source.line_index(byte_index + self.shift))
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.source.line_col(byte_index + self.shift).column)
    }

    fn line_range(&'a self, (): (), line_index: usize) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let end = self.shift + self.text.len();
        let range = (line_index < self.source.line_count()).then(|| self.source.line_range(line_index));
        match range {
            Some(range) if range.start >= self.shift && range.end <= end => {
                Ok(range.start - self.shift..range.end - self.shift)
            }
            _ => Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: self.source.line_index(end),
            }),
        }
    }
}

/// Lines longer than this many characters are shown as a window around
/// the finding: a paragraph of MT output is often one line of thousands.
const WINDOW_LINE_CHARS: usize = 160;
/// Characters of context shown each side of the span in a window.
const WINDOW_CONTEXT_CHARS: usize = 50;

/// One long line cut down to the span and some context either side, with
/// «…» where it was cut; line and column numbers stay the file's.
struct Window<'a> {
    name: &'a str,
    text: String,
    line_number: usize,
    /// Characters of the line before the window, less the «…» shown.
    column_shift: usize,
    /// Bytes from the file's offsets to the window's.
    shift: usize,
}

impl<'a> Window<'a> {
    fn around(
        source: &SourceFile,
        name: &'a str,
        line_index: usize,
        line: &std::ops::Range<usize>,
        span: &std::ops::Range<usize>,
    ) -> Option<Window<'a>> {
        let text = source.text();
        let line_text = &text[line.clone()];
        if span.end > line.end || line_text.chars().count() <= WINDOW_LINE_CHARS {
            return None;
        }
        let back = |from: usize| {
            text[line.start..from]
                .char_indices()
                .rev()
                .nth(WINDOW_CONTEXT_CHARS - 1)
                .map_or(line.start, |(i, _)| line.start + i)
        };
        let ahead = |from: usize| {
            text[from..line.end]
                .char_indices()
                .nth(WINDOW_CONTEXT_CHARS)
                .map_or(line.end, |(i, _)| from + i)
        };
        let (start, end) = (back(span.start), ahead(span.end));
        const CUT: &str = "…";
        let (prefix, suffix) = (
            if start > line.start { CUT } else { "" },
            if end < line.end { CUT } else { "" },
        );
        let skipped = text[line.start..start].chars().count();
        Some(Window {
            name,
            text: format!("{prefix}{}{suffix}", shown_text(text, start..end)),
            line_number: line_index + 1,
            column_shift: skipped.saturating_sub(prefix.chars().count()),
            shift: start - prefix.len(),
        })
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Window<'a> {
    type FileId = ();
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(self.name)
    }

    fn source(&'a self, (): ()) -> Result<&'a str, codespan_reporting::files::Error> {
        Ok(&self.text)
    }

    fn line_index(&'a self, (): (), _byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(0)
    }

    fn line_number(&'a self, (): (), _line_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.line_number)
    }

    fn column_number(
        &'a self,
        (): (),
        _line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let index = byte_index.min(self.text.len());
        Ok(self.column_shift + self.text[..index].chars().count() + 1)
    }

    fn line_range(
        &'a self,
        (): (),
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        if line_index > 0 {
            return Err(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: 0,
            });
        }
        Ok(0..self.text.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pack_str::PackStr;
    use codespan_reporting::term::termcolor::NoColor;

    fn rendered(text: &str, spans: &[Range<usize>]) -> String {
        let report = FileReport {
            source: SourceFile::new("a.txt", text),
            diagnostics: spans
                .iter()
                .map(|span| Diagnostic::new(PackStr::from_static("t"), Severity::Warning, "m", span.clone()))
                .collect(),
        };
        let mut out = NoColor::new(Vec::new());
        write_diagnostics(&[report], &mut out).unwrap();
        String::from_utf8(out.into_inner()).unwrap()
    }

    /// Each finding as rendered from the whole file made safe to show, as
    /// the output did before excerpts.
    fn rendered_from_whole_file(text: &str, spans: &[Range<usize>]) -> String {
        let shown = SourceFile::new("a.txt", shown_text(text, 0..text.len()).into_owned());
        let mut out = NoColor::new(Vec::new());
        for span in spans {
            let d = Diagnostic::new(PackStr::from_static("t"), Severity::Warning, "m", span.clone());
            term::emit_to_write_style(&mut out, &Config::default(), &shown, &report(text, &d, span.clone())).unwrap();
        }
        String::from_utf8(out.into_inner()).unwrap()
    }

    #[test]
    fn an_excerpt_renders_as_the_whole_file_would() {
        let text = "سطر أول\nقال\u{202B} المتحدث\r\nوأضاف\rأن\nالسطر\u{200B} الأخير";
        let at = |s: &str| text.find(s).unwrap();
        let spans = [
            0..2,
            at("قال")..at("قال") + "قال".len(),
            // Across lines, and ending at a line start.
            at("المتحدث")..at("وأضاف"),
            at("أول")..at("أن") + 2,
            // Empty, and at the very end of the text.
            at("أن")..at("أن"),
            text.len()..text.len(),
            at("الأخير")..text.len(),
        ];
        let ours = rendered(text, &spans);
        assert_eq!(ours, rendered_from_whole_file(text, &spans));
        // The hidden characters were made visible, not printed.
        assert!(
            !ours.contains('\u{202B}') && !ours.contains('\u{200B}') && ours.contains('◊'),
            "{ours}"
        );
        assert!(ours.contains("a.txt:4:"), "{ours}");
    }

    #[test]
    fn an_excerpt_copies_only_the_findings_lines() {
        let text = "أ\u{200B}\nب\nج\n";
        let source = SourceFile::new("a.txt", text);
        let excerpt = Excerpt::lines_of(&source, "a.txt", text.find('ب').unwrap(), text.find('ج').unwrap());
        assert_eq!(excerpt.text, "ب\nج\n");
        assert!(matches!(excerpt.text, Cow::Borrowed(_)));
        let first = Excerpt::lines_of(&source, "a.txt", 0, 1);
        assert_eq!(first.text, "أ◊\n");
    }

    #[test]
    fn a_line_too_long_to_print_gives_the_findings_place() {
        let text = format!("{}\u{200B}\nب", "ا ".repeat(MAX_SNIPPET_LINE));
        // Across the line end: a window shows one line only.
        let span = 3..text.len();
        let ours = rendered(&text, std::slice::from_ref(&span));
        assert!(ours.contains("a.txt:1:3: warning[t]: m"), "{ours}");
        assert!(!ours.contains("ا ا"), "{ours}");
    }
}
