//! `--format html`: one self-contained page (no network, no external
//! scripts, styles or fonts) that shows each article right-to-left with
//! its findings highlighted in place, a summary by rule and by file,
//! filters by severity and rule, and keyboard navigation between findings.
//!
//! The page is built so that its DOM gives the article back byte for byte:
//! every character is a text node except the ones a browser would act on
//! or hide (controls, bidi controls and marks, invisible characters, line
//! feeds), which become `<span data-cp="HEX">` elements showing a visible
//! marker. A finding's text is the concatenation of the `<mark>` segments
//! whose `data-f` lists its number. The Chromium test reads it back that way.

use super::human::plural;
use super::{FileReport, Notification};
use crate::arabic::script::{code_point, needs_escape, printable};
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::RuleInfo;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

const STYLE: &str = include_str!("html_report.css");
const SCRIPT: &str = include_str!("html_report.js");

/// Writes the report of every file as one HTML page.
pub fn write_html(
    reports: &[FileReport],
    rules: &[RuleInfo],
    notifications: &[Notification],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut page = Page {
        held: String::with_capacity(2 * PAGE_PART),
        out,
        failed: None,
    };
    page.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"ar\" dir=\"rtl\">\n<head>\n<meta charset=\"utf-8\">\n",
        // Nothing may be fetched: no network, no file, no font.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; ",
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>mtlint report</title>\n<style>\n"
    ));
    page.push_str(STYLE);
    page.push_str("</style>\n</head>\n<body>\n");
    write_summary(&mut page, reports, rules, notifications);
    let mut first = 0;
    for (index, report) in reports.iter().enumerate() {
        write_article(&mut page, index, report, first);
        first += report.diagnostics.len();
    }
    page.push_str("<script>\n");
    page.push_str(SCRIPT);
    page.push_str("</script>\n</body>\n</html>\n");
    page.finish()
}

/// Bytes of the page held before they are written out.
const PAGE_PART: usize = 64 << 10;

/// The page as it is made: written out a part at a time, so a big file's
/// page (five times its text) is never held whole.
struct Page<'a> {
    held: String,
    out: &'a mut dyn Write,
    /// The first write that failed; nothing more is written after it.
    failed: Option<io::Error>,
}

impl Page<'_> {
    fn push_str(&mut self, text: &str) {
        self.held.push_str(text);
        if self.held.len() >= PAGE_PART {
            self.write_held();
        }
    }

    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }

    fn write_held(&mut self) {
        if self.failed.is_none()
            && let Err(e) = self.out.write_all(self.held.as_bytes())
        {
            self.failed = Some(e);
        }
        self.held.clear();
    }

    fn finish(mut self) -> io::Result<()> {
        self.write_held();
        self.failed.map_or(Ok(()), Err)
    }
}

impl std::fmt::Write for Page<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.push_str(text);
        Ok(())
    }
}

fn write_summary(page: &mut Page, reports: &[FileReport], rules: &[RuleInfo], notifications: &[Notification]) {
    let all = || reports.iter().flat_map(|r| &r.diagnostics);
    let count = |s: Severity| all().filter(|d| d.severity == s).count();
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    page.push_str("<header lang=\"en\" dir=\"ltr\">\n<h1>mtlint report</h1>\n<p class=\"totals\">");
    let _ = write!(
        page,
        "{} in {} of {} checked: <span class=\"sev error\">{} errors</span>, \
         <span class=\"sev warning\">{} warnings</span>, <span class=\"sev info\">{} infos</span>.",
        plural(all().count(), "finding"),
        plural(with_findings, "file"),
        reports.len(),
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info),
    );
    page.push_str("</p>\n<p class=\"keys\">Keys: <kbd>n</kbd>/<kbd>j</kbd> next finding, <kbd>p</kbd>/<kbd>k</kbd> previous.</p>\n");

    // Per rule: severity, count, files, fix.
    let mut by_rule: BTreeMap<&str, (Severity, usize, usize, bool)> = BTreeMap::new();
    for r in reports {
        let mut seen = std::collections::BTreeSet::new();
        for d in &r.diagnostics {
            let e = by_rule.entry(&d.rule).or_insert((d.severity, 0, 0, false));
            e.0 = e.0.max(d.severity);
            e.1 += 1;
            e.3 |= d.fix.is_some();
            if seen.insert(&*d.rule) {
                e.2 += 1;
            }
        }
    }
    page.push_str("<form class=\"filters\" id=\"filters\">\n<fieldset><legend>Severity</legend>");
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            page,
            "<label><input type=\"checkbox\" data-severity=\"{s}\" checked> {s} ({})</label>",
            count(s)
        );
    }
    page.push_str("</fieldset>\n</form>\n");
    if !by_rule.is_empty() {
        page.push_str("<table class=\"by-rule\">\n<caption>Findings by rule</caption>\n<thead><tr><th scope=\"col\">Show</th><th scope=\"col\">Rule</th><th scope=\"col\">Severity</th><th scope=\"col\">Findings</th><th scope=\"col\">Files</th><th scope=\"col\">Fix</th><th scope=\"col\">What it finds</th></tr></thead>\n<tbody>\n");
        for (rule, (severity, findings, files, fix)) in &by_rule {
            let info = rules.iter().find(|i| &*i.id == *rule);
            page.push_str("<tr><td><input type=\"checkbox\" form=\"filters\" checked data-rule=\"");
            push_attr(page, rule);
            page.push_str("\" aria-label=\"show ");
            push_attr(page, rule);
            page.push_str("\"></td><td><code>");
            push_text(page, rule);
            let about = info.map(|i| first_paragraph(i.explain.as_deref().unwrap_or(&i.message)));
            page.push_str("</code></td><td><span class=\"sev ");
            page.push_str(severity.as_str());
            page.push_str("\">");
            page.push_str(severity.as_str());
            let _ = write!(
                page,
                "</span></td><td>{findings}</td><td>{files}</td><td>{}</td><td dir=\"auto\" title=\"",
                match info.and_then(|i| i.fix) {
                    Some(applicability) => applicability.as_str(),
                    None if *fix => "yes",
                    None => "",
                }
            );
            push_attr(page, about.as_deref().unwrap_or(""));
            page.push_str("\">");
            push_text(page, first_sentence(about.as_deref().unwrap_or("")));
            page.push_str("</td></tr>\n");
        }
        page.push_str("</tbody>\n</table>\n");
    }
    page.push_str("<table class=\"by-file\">\n<caption>Findings by file</caption>\n<thead><tr><th scope=\"col\">File</th><th scope=\"col\">Errors</th><th scope=\"col\">Warnings</th><th scope=\"col\">Infos</th></tr></thead>\n<tbody>\n");
    for (index, r) in reports.iter().enumerate() {
        let n = |s: Severity| r.diagnostics.iter().filter(|d| d.severity == s).count();
        let _ = write!(page, "<tr><td><a href=\"#file-{index}\">");
        push_text(page, r.source.path());
        let _ = writeln!(
            page,
            "</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            n(Severity::Error),
            n(Severity::Warning),
            n(Severity::Info)
        );
    }
    page.push_str("</tbody>\n</table>\n");
    if !notifications.is_empty() {
        page.push_str("<ul class=\"notifications\">\n");
        for n in notifications {
            let _ = write!(page, "<li><span class=\"sev {}\">{}</span> ", n.severity, n.severity);
            push_text(page, &n.path);
            page.push_str(": ");
            push_text(page, &n.message);
            page.push_str("</li>\n");
        }
        page.push_str("</ul>\n");
    }
    page.push_str("</header>\n");
}

/// One article: its text with findings marked, then the list of findings.
/// `first` numbers the findings across the whole page.
fn write_article(page: &mut Page, index: usize, report: &FileReport, first: usize) {
    let text = report.source.text();
    let _ = write!(
        page,
        "<section class=\"file\" id=\"file-{index}\">\n<h2 lang=\"en\" dir=\"ltr\">"
    );
    push_text(page, report.source.path());
    page.push_str("</h2>\n<div class=\"article\" dir=\"rtl\">");
    write_marked_text(page, text, &report.diagnostics, first);
    page.push_str("</div>\n");
    if report.diagnostics.is_empty() {
        page.push_str("<p class=\"clean\" lang=\"en\" dir=\"ltr\">No findings.</p>\n");
    } else {
        page.push_str("<ol class=\"findings\" lang=\"en\" dir=\"ltr\">\n");
        for (i, d) in report.diagnostics.iter().enumerate() {
            write_finding(page, report, d, first + i);
        }
        page.push_str("</ol>\n");
    }
    page.push_str("</section>\n");
}

/// The article cut into lines (for line numbers) and, inside each line,
/// into segments covered by the same findings.
fn write_marked_text(page: &mut Page, text: &str, diagnostics: &[Diagnostic], first: usize) {
    // Boundaries where the set of covering findings can change.
    let mut cuts: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| [d.span.start, d.span.end])
        .filter(|&at| at <= text.len())
        .collect();
    cuts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
    cuts.push(0);
    cuts.push(text.len());
    cuts.sort_unstable();
    cuts.dedup();
    // Findings by start, for the sweep; zero-width ones by their point.
    let mut by_start: Vec<usize> = (0..diagnostics.len()).collect();
    by_start.sort_by_key(|&i| diagnostics[i].span.start);
    let mut next = 0;
    let mut active: Vec<usize> = Vec::new();
    let mut line = 1;
    let mut first_seen = vec![false; diagnostics.len()];
    open_line(page, text, 0, line);
    for pair in cuts.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        while next < by_start.len() && diagnostics[by_start[next]].span.start <= start {
            active.push(by_start[next]);
            next += 1;
        }
        active.retain(|&i| diagnostics[i].span.end > start || diagnostics[i].span.start == start);
        // Findings that point between characters (an insertion) show a caret.
        for &i in active.iter().filter(|&&i| diagnostics[i].span.is_empty()) {
            write_point(page, &diagnostics[i], first + i);
        }
        active.retain(|&i| !diagnostics[i].span.is_empty());
        let covering: Vec<usize> = active
            .iter()
            .copied()
            .filter(|&i| diagnostics[i].span.end >= end)
            .collect();
        let piece = &text[start..end];
        if covering.is_empty() {
            push_text(page, piece);
        } else {
            let severity = covering.iter().map(|&i| diagnostics[i].severity).max().unwrap();
            // Where a finding starts, an empty anchor the list links to.
            let starting: Vec<usize> = covering.iter().copied().filter(|&i| !first_seen[i]).collect();
            for &i in &starting {
                let _ = write!(page, "<span class=\"anchor\" id=\"f{}\"></span>", first + i);
                first_seen[i] = true;
            }
            let _ = write!(page, "<mark class=\"{severity}\" data-f=\"");
            for (n, &i) in covering.iter().enumerate() {
                let _ = write!(page, "{}{}", if n > 0 { " " } else { "" }, first + i);
            }
            page.push('"');
            if !starting.is_empty() {
                page.push_str(" tabindex=\"0\"");
            }
            page.push_str(" title=\"");
            for (n, &i) in covering.iter().enumerate() {
                if n > 0 {
                    page.push_str("&#10;&#10;");
                }
                push_title(page, &diagnostics[i]);
            }
            page.push_str("\">");
            push_text(page, piece);
            page.push_str("</mark>");
        }
        if piece.ends_with('\n') {
            line += 1;
            page.push_str("</div>");
            open_line(page, text, end, line);
        }
    }
    for (i, d) in diagnostics.iter().enumerate() {
        if d.span.is_empty() && d.span.start >= text.len() {
            write_point(page, d, first + i);
        }
    }
    page.push_str("</div>");
}

/// Opens the element of the line starting at byte `at`; an empty line is
/// marked so it takes less height.
fn open_line(page: &mut Page, text: &str, at: usize, line: usize) {
    let rest = &text.as_bytes()[at..];
    let blank = rest.is_empty() || rest.starts_with(b"\n") || rest.starts_with(b"\r\n");
    let class = if blank { "line blank" } else { "line" };
    let _ = write!(page, "<div class=\"{class}\" data-line=\"{line}\">");
}

/// A finding that points between two characters (an insertion): a caret.
fn write_point(page: &mut Page, d: &Diagnostic, number: usize) {
    let _ = write!(
        page,
        "<mark class=\"point {}\" data-f=\"{number}\" id=\"f{number}\" tabindex=\"0\" title=\"",
        d.severity
    );
    push_title(page, d);
    page.push_str("\"></mark>");
}

fn write_finding(page: &mut Page, report: &FileReport, d: &Diagnostic, number: usize) {
    let at = report.source.line_col(d.span.start);
    let _ = write!(
        page,
        "<li id=\"l{number}\" data-f=\"{number}\" data-severity=\"{}\" data-rule=\"",
        d.severity
    );
    push_attr(page, &d.rule);
    let _ = write!(
        page,
        "\"><a href=\"#f{number}\">{}:{}</a> <span class=\"sev {}\">{}</span> <code>",
        at.line, at.column, d.severity, d.severity
    );
    push_text(page, &d.rule);
    page.push_str("</code> <span class=\"message\">");
    push_text(page, &d.message);
    page.push_str("</span>");
    if !d.suggestions().is_empty() {
        page.push_str("<div class=\"detail\">suggestion: ");
        for (n, s) in d.suggestions().iter().enumerate() {
            if n > 0 {
                page.push_str(" or ");
            }
            push_quoted(page, s);
        }
        page.push_str("</div>");
    }
    if let Some(fix) = &d.fix {
        let kind = match fix.applicability {
            Applicability::Safe => "fix",
            Applicability::Unsafe => "unsafe fix",
        };
        let _ = write!(page, "<div class=\"detail\">{kind}: ");
        let before = &report.source.text()[fix.span.clone()];
        match (fix.span.is_empty(), fix.replacement.is_empty()) {
            (_, true) => {
                page.push_str("remove ");
                push_quoted(page, before);
            }
            (true, false) => {
                page.push_str("insert ");
                push_quoted(page, &fix.replacement);
            }
            (false, false) => {
                push_quoted(page, before);
                page.push_str(" → ");
                push_quoted(page, &fix.replacement);
            }
        }
        page.push_str("</div>");
    }
    if let Some(note) = d.note() {
        page.push_str("<div class=\"detail\" dir=\"auto\">");
        push_text(page, note);
        page.push_str("</div>");
    }
    for r in d.related() {
        page.push_str("<div class=\"detail related\">");
        push_text(page, &r.path);
        let _ = write!(page, ":{}:{}: ", r.line, r.column);
        page.push_str("<span dir=\"auto\">");
        push_text(page, &r.message);
        page.push_str("</span></div>");
    }
    page.push_str("</li>\n");
}

/// A piece of text quoted in a finding's details: «…», its direction
/// isolated from the English around it, long pieces shortened.
fn push_quoted(page: &mut Page, text: &str) {
    const HEAD: usize = 60;
    const TAIL: usize = 30;
    page.push_str("«<bdi>");
    let count = text.chars().count();
    if count > HEAD + TAIL + 10 {
        let tail_start = text.char_indices().nth(count - TAIL).map_or(text.len(), |(i, _)| i);
        let head_end = text.char_indices().nth(HEAD).map_or(text.len(), |(i, _)| i);
        push_text(page, &text[..head_end]);
        page.push('…');
        push_text(page, &text[tail_start..]);
    } else {
        push_text(page, text);
    }
    page.push_str("</bdi>»");
}

/// The tooltip of a finding: severity, rule, message, suggestion and fix.
fn push_title(page: &mut Page, d: &Diagnostic) {
    push_attr(page, &format!("{}[{}] {}", d.severity, d.rule, d.message));
    if !d.suggestions().is_empty() {
        page.push_str("&#10;suggestion: ");
        push_attr(page, &d.suggestions().join(" / "));
    }
    if let Some(fix) = &d.fix {
        page.push_str(match fix.applicability {
            Applicability::Safe => "&#10;fix: ",
            Applicability::Unsafe => "&#10;unsafe fix: ",
        });
        if fix.replacement.is_empty() {
            page.push_str("remove");
        } else {
            push_attr(page, &fix.replacement);
        }
    }
}

/// Untrusted text as HTML content: markup characters escaped, and every
/// character a browser would act on or not show (controls, bidi controls
/// and marks, invisible characters, line feeds) as a visible marker that
/// names it, never as the live character.
fn push_text(page: &mut Page, text: &str) {
    for c in text.chars() {
        match c {
            '&' => page.push_str("&amp;"),
            '<' => page.push_str("&lt;"),
            '>' => page.push_str("&gt;"),
            '\t' => page.push('\t'),
            '\n' => page.push_str("<span class=\"cc nl\" data-cp=\"A\"></span>"),
            c if needs_escape(c) => {
                let _ = write!(
                    page,
                    "<span class=\"cc\" data-cp=\"{:X}\" title=\"{}\">{}</span>",
                    c as u32,
                    code_point(c),
                    marker_name(c)
                );
            }
            c => page.push(c),
        }
    }
}

/// Untrusted text inside a double-quoted attribute (a tooltip): on one
/// line, controls shown as `<U+XXXX>`.
fn push_attr(page: &mut Page, text: &str) {
    for c in printable(text).chars() {
        match c {
            '&' => page.push_str("&amp;"),
            '"' => page.push_str("&quot;"),
            '<' => page.push_str("&lt;"),
            '>' => page.push_str("&gt;"),
            c => page.push(c),
        }
    }
}

/// The short name a reader knows a hidden character by.
fn marker_name(c: char) -> String {
    let name = match c {
        '\u{202A}' => "LRE",
        '\u{202B}' => "RLE",
        '\u{202C}' => "PDF",
        '\u{202D}' => "LRO",
        '\u{202E}' => "RLO",
        '\u{2066}' => "LRI",
        '\u{2067}' => "RLI",
        '\u{2068}' => "FSI",
        '\u{2069}' => "PDI",
        '\u{200E}' => "LRM",
        '\u{200F}' => "RLM",
        '\u{061C}' => "ALM",
        '\u{200B}' => "ZWSP",
        '\u{200C}' => "ZWNJ",
        '\u{200D}' => "ZWJ",
        '\u{2060}' => "WJ",
        '\u{FEFF}' => "BOM",
        '\u{00AD}' => "SHY",
        '\u{2028}' => "LS",
        '\u{2029}' => "PS",
        '\r' => "CR",
        '\0' => "NUL",
        '\u{1B}' => "ESC",
        _ => return code_point(c),
    };
    name.to_string()
}

/// The first paragraph of a rule's explanation, on one line.
fn first_paragraph(text: &str) -> String {
    let paragraph = text.trim_start().split("\n\n").next().unwrap_or("");
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A summary cell's text: the first sentence, the rest in its tooltip.
fn first_sentence(paragraph: &str) -> &str {
    match paragraph.find(". ") {
        Some(end) => &paragraph[..end + 1],
        None => paragraph,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pack_str::PackStr;
    use crate::source::SourceFile;

    fn finding(span: std::ops::Range<usize>, severity: Severity) -> Diagnostic {
        Diagnostic::new(PackStr::from_static("test-rule"), severity, "a <b> & \u{202E}c", span)
    }

    /// Records the size of each write, and fails once `fail_after` bytes
    /// are written.
    struct Parts {
        sizes: Vec<usize>,
        fail_after: usize,
        attempts: usize,
    }

    impl Write for Parts {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.attempts += 1;
            if self.sizes.iter().sum::<usize>() >= self.fail_after {
                return Err(io::Error::other("disk full"));
            }
            self.sizes.push(buf.len());
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn big_report() -> FileReport {
        let text = "قال المتحدث ، إن الهجوم فشل.\n".repeat(20_000);
        let diagnostics = (0..20_000)
            .map(|i| finding(i * 51 + 21..i * 51 + 24, Severity::Warning))
            .collect();
        FileReport {
            source: SourceFile::new("a.txt", text),
            diagnostics,
        }
    }

    #[test]
    fn a_big_page_is_written_a_part_at_a_time() {
        let mut out = Parts {
            sizes: Vec::new(),
            fail_after: usize::MAX,
            attempts: 0,
        };
        write_html(&[big_report()], &[], &[], &mut out).unwrap();
        let total: usize = out.sizes.iter().sum();
        assert!(total > 20 * PAGE_PART, "{total}");
        // Each part is about PAGE_PART: a line of the page more at most.
        assert!(out.sizes.iter().all(|&n| n < PAGE_PART + 4096), "{:?}", out.sizes);
    }

    #[test]
    fn a_failed_write_is_the_pages_error_and_ends_the_writing() {
        let mut out = Parts {
            sizes: Vec::new(),
            fail_after: 3 * PAGE_PART,
            attempts: 0,
        };
        let error = write_html(&[big_report()], &[], &[], &mut out).unwrap_err();
        assert_eq!(error.to_string(), "disk full");
        assert_eq!(out.sizes.len(), 3, "{:?}", out.sizes);
        assert_eq!(out.attempts, 4, "nothing is written after the failure");
    }

    fn page(text: &str, diagnostics: Vec<Diagnostic>) -> String {
        let report = FileReport {
            source: SourceFile::new("a<b>.txt", text),
            diagnostics,
        };
        let mut out = Vec::new();
        write_html(&[report], &[], &[], &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn controls_and_markup_never_reach_the_page_live() {
        let html = page(
            "قال\u{202B}<script>\r\nx\u{1B}[2J",
            vec![finding(0..6, Severity::Warning)],
        );
        let body = &html[html.find("<body>").unwrap()..];
        assert!(!body.contains('\u{202B}') && !body.contains('\u{202E}') && !body.contains('\r'));
        assert!(!body.contains('\u{1B}'));
        assert!(!body.contains("<script>\r") && body.contains("&lt;script&gt;"));
        assert!(body.contains("data-cp=\"202B\""), "{body}");
        assert!(body.contains("data-cp=\"D\""));
        assert!(body.contains("a&lt;b&gt;.txt"));
        assert!(body.contains("a &lt;b&gt; &amp; <span class=\"cc\" data-cp=\"202E\""));
    }

    #[test]
    fn overlapping_findings_share_segments_and_each_has_one_anchor() {
        let text = "abc def ghi";
        let html = page(
            text,
            vec![
                finding(0..7, Severity::Warning),
                finding(4..11, Severity::Error),
                finding(3..3, Severity::Info),
                finding(11..11, Severity::Info),
            ],
        );
        for n in 0..4 {
            assert_eq!(html.matches(&format!("id=\"f{n}\"")).count(), 1, "f{n}: {html}");
        }
        assert!(
            html.contains(
                "<span class=\"anchor\" id=\"f1\"></span><mark class=\"error\" data-f=\"0 1\" tabindex=\"0\""
            ),
            "{html}"
        );
        assert!(html.contains("<mark class=\"point info\" data-f=\"2\""));
        assert!(
            html.contains("ghi</mark><mark class=\"point info\" data-f=\"3\""),
            "{html}"
        );
    }
}
