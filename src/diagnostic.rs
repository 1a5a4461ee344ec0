//! A finding as plain data: what every output format and the fixer read.

use crate::rules::pack_str::PackStr;
use serde::Serialize;
use std::ops::Range;

pub use crate::applicability::Applicability;
pub use crate::severity::Severity;

/// A replacement of one byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub span: Range<usize>,
    pub replacement: Box<str>,
    pub applicability: Applicability,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: PackStr,
    pub severity: Severity,
    pub message: Box<str>,
    /// Byte range in the original text.
    pub span: Range<usize>,
    pub fix: Option<Fix>,
    /// Extra context shown under the finding (see [`Diagnostic::note`]).
    note: Option<Box<str>>,
    /// Suggestions and related places, which most findings have none of:
    /// boxed, they are one pointer in each finding (a big file can have
    /// hundreds of thousands).
    more: Option<Box<More>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct More {
    suggestions: Vec<String>,
    related: Vec<Related>,
}

/// A place in another file (or elsewhere in this one) that a finding refers
/// to. Its line and column are computed when it is made, since the output
/// formats only hold the linted file's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: String,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Related {
    /// A span of `source`, with a message.
    pub fn new(source: &crate::source::SourceFile, span: Range<usize>, message: impl Into<String>) -> Related {
        let at = source.line_col(span.start);
        Related {
            path: source.path().to_string(),
            start: span.start,
            end: span.end,
            line: at.line,
            column: at.column,
            message: message.into(),
        }
    }
}

impl Diagnostic {
    pub fn new(rule: PackStr, severity: Severity, message: impl Into<String>, span: Range<usize>) -> Self {
        Diagnostic {
            rule,
            severity,
            message: message.into().into_boxed_str(),
            span,
            fix: None,
            note: None,
            more: None,
        }
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.more.get_or_insert_default().related.push(related);
        self
    }

    pub fn with_fix(mut self, fix: Option<Fix>) -> Self {
        self.fix = fix;
        self
    }

    pub fn with_suggestions(mut self, suggestions: impl IntoIterator<Item = String>) -> Self {
        for s in suggestions {
            if !self.suggestions().contains(&s) {
                self.more.get_or_insert_default().suggestions.push(s);
            }
        }
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into().into_boxed_str());
        self
    }

    /// Moves the finding `by` bytes on: its span, its fix's and its related
    /// places' (a finding made in a stretch of the text, which all are
    /// in: [`crate::stretches`]). Their lines and columns are the file's
    /// already.
    pub fn shift(&mut self, by: usize) {
        let shift = |r: &mut Range<usize>| *r = r.start + by..r.end + by;
        shift(&mut self.span);
        if let Some(fix) = &mut self.fix {
            shift(&mut fix.span);
        }
        for related in self.more.iter_mut().flat_map(|m| m.related.iter_mut()) {
            related.start += by;
            related.end += by;
        }
    }

    /// Replacements for a person to choose from.
    pub fn suggestions(&self) -> &[String] {
        self.more.as_ref().map_or(&[], |m| &m.suggestions)
    }

    /// Extra context shown under the finding.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// Other places the finding refers to: the span of the English original
    /// a source-aware finding compares against.
    pub fn related(&self) -> &[Related] {
        self.more.as_ref().map_or(&[], |m| &m.related)
    }
}

/// Orders findings by span, then rule id; findings equal in all three keep
/// the order the rules made them in (a stable sort, without the buffer of
/// half the findings the standard one borrows).
pub fn sort_by_position(findings: &mut [Diagnostic]) {
    crate::stable_sort::sort_by(findings, |a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn sorting_by_position_is_the_stable_sort(
            findings in proptest::collection::vec((0usize..6, 0usize..3, 0usize..3), 0..60)
        ) {
            let made: Vec<Diagnostic> = findings
                .iter()
                .enumerate()
                .map(|(i, &(start, len, rule))| {
                    // The message records the order the findings were made in.
                    Diagnostic::new(PackStr::from_static(["a", "b", "c"][rule]), Severity::Warning, i.to_string(), start..start + len)
                })
                .collect();
            let mut expected = made.clone();
            expected.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
            let mut sorted = made;
            sort_by_position(&mut sorted);
            prop_assert_eq!(sorted, expected);
        }
    }
}
