//! Linting arbitrary text with every bundled rule, as plain text, Markdown
//! and HTML: no panic, every span and fix in bounds on char boundaries,
//! line/column consistent with the byte offset.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let linter = Linter::bundled();
    let source = SourceFile::new("fuzz", text);
    for markup in [Markup::Plain, Markup::Markdown, Markup::Html] {
        for d in linter.lint(&source, markup, None) {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
            assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
            let start = source.line_col(d.span.start);
            let end = source.line_col(d.span.end);
            assert!((start.line, start.column) <= (end.line, end.column));
            if let Some(fix) = &d.fix {
                assert!(fix.span.end <= text.len());
                assert!(text.is_char_boundary(fix.span.start) && text.is_char_boundary(fix.span.end));
            }
        }
    }
});
