//! Running a rule's own examples: every `bad` text must be reported at its
//! marked spans (and its fix must make the finding go away), every `good`
//! text must stay quiet. Used by the test suite and `mtlint test`.

use super::{Example, RuleInfo};
use crate::arabic::script::visible;
use crate::bilingual::Bilingual;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::engine::Engine;
use crate::fix::apply_fixes;
use crate::source::SourceFile;
use std::fmt;

/// One way an example can fail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    NoBadExample,
    NoGoodExample,
    NotReported {
        example: String,
    },
    WrongSpan {
        example: String,
        expected: Vec<String>,
        reported: Vec<String>,
    },
    FixDoesNotResolve {
        example: String,
        fixed: String,
    },
    GoodReported {
        example: String,
        reported: Vec<String>,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |s: &str| visible(s);
        match self {
            Failure::NoBadExample => write!(f, "has no bad example"),
            Failure::NoGoodExample => write!(f, "has no good example"),
            Failure::NotReported { example } => write!(f, "bad example not reported: {}", show(example)),
            Failure::WrongSpan {
                example,
                expected,
                reported,
            } => write!(
                f,
                "bad example reported at the wrong span: {}\n    expected: {}\n    reported: {}",
                show(example),
                quote_all(expected),
                quote_all(reported)
            ),
            Failure::FixDoesNotResolve { example, fixed } => {
                write!(
                    f,
                    "fix does not resolve the finding: {}\n    after fix: {}",
                    show(example),
                    show(fixed)
                )
            }
            Failure::GoodReported { example, reported } => {
                write!(
                    f,
                    "good example reported: {}\n    at: {}",
                    show(example),
                    quote_all(reported)
                )
            }
        }
    }
}

fn quote_all(spans: &[String]) -> String {
    spans
        .iter()
        .map(|s| format!("«{}»", visible(s)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn findings_of(engine: &Engine, rule: &str, text: &str, original: Option<&str>) -> (SourceFile, Vec<Diagnostic>) {
    let source = SourceFile::new("example", text);
    let original = original.map(|o| SourceFile::new("original", o));
    let bilingual = original.as_ref().map(|o| Bilingual::align(o, text));
    let found = engine
        .every_finding(&Document::new(&source), bilingual.as_ref())
        .into_iter()
        .filter(|d| d.rule.as_ref() == rule)
        .collect();
    (source, found)
}

/// Runs every example of `rule`; an empty result means all passed.
pub fn check_rule(engine: &Engine, rule: &RuleInfo) -> Vec<Failure> {
    let mut failures = Vec::new();
    // A gazetteer entry with no known wrong spelling reports nothing by
    // itself (it gives the near-miss rule a name); it only has good examples.
    let reference_name = rule.kind == super::RuleKind::Name && rule.fix.is_none();
    if rule.examples.bad().is_empty() && !reference_name {
        failures.push(Failure::NoBadExample);
    }
    if rule.examples.good().is_empty() {
        failures.push(Failure::NoGoodExample);
    }
    for example in rule.examples.bad() {
        failures.extend(check_bad(engine, rule, example));
    }
    for example in rule.examples.good() {
        let (source, found) = findings_of(engine, &rule.id, &example.text, example.original.as_deref());
        if !found.is_empty() {
            failures.push(Failure::GoodReported {
                example: example.written.clone(),
                reported: found
                    .iter()
                    .map(|d| source.text()[d.span.clone()].to_string())
                    .collect(),
            });
        }
    }
    failures
}

fn check_bad(engine: &Engine, rule: &RuleInfo, example: &Example) -> Option<Failure> {
    let (source, found) = findings_of(engine, &rule.id, &example.text, example.original.as_deref());
    if found.is_empty() {
        return Some(Failure::NotReported {
            example: example.written.clone(),
        });
    }
    if !example.marked.is_empty() {
        let mut reported: Vec<_> = found.iter().map(|d| d.span.clone()).collect();
        reported.dedup();
        if reported != example.marked {
            let text =
                |spans: &[std::ops::Range<usize>]| spans.iter().map(|s| example.text[s.clone()].to_string()).collect();
            return Some(Failure::WrongSpan {
                example: example.written.clone(),
                expected: text(&example.marked),
                reported: text(&reported),
            });
        }
    }
    let fixable = found.iter().filter(|d| d.fix.is_some()).count();
    if fixable > 0 {
        let fixed = apply_fixes(source.text(), found.iter().filter_map(|d| d.fix.as_ref())).text;
        let (_, after) = findings_of(engine, &rule.id, &fixed, example.original.as_deref());
        if after.len() > found.len() - fixable {
            return Some(Failure::FixDoesNotResolve {
                example: example.written.clone(),
                fixed,
            });
        }
    }
    None
}
