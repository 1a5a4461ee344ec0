//! Suppression directives in the text being linted:
//! `<!-- mtlint-disable ID … -->` … `<!-- mtlint-enable [ID …] -->` and
//! `<!-- mtlint-disable-next-line ID … -->` (no ids: every rule), and in
//! plain text the same words on a line of their own. A directive naming an
//! unknown rule, or one that suppressed nothing, is itself reported, so
//! stale suppressions get cleaned up.

use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::pack_str::PackStr;
use crate::source::SourceFile;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// The ids of the findings about directives themselves.
pub const UNKNOWN_RULE: &str = "unknown-rule-in-directive";
pub const UNUSED_DIRECTIVE: &str = "unused-suppression";

/// The ids of these findings, which config can select or ignore like rules.
pub fn meta_rules() -> impl Iterator<Item = &'static str> {
    [UNKNOWN_RULE, UNUSED_DIRECTIVE].into_iter()
}

static COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--[ \t]*mtlint-(disable-next-line|disable|enable)((?:[ \t,]+[A-Za-z0-9_-]+)*)[ \t]*-->").unwrap()
});
static BARE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*mtlint-(disable-next-line|disable|enable)((?:[ \t,]+[A-Za-z0-9_-]+)*)[ \t]*\r?$").unwrap()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Disable,
    Enable,
    DisableNextLine,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub kind: Kind,
    /// Rule ids named (empty: all rules).
    pub rules: Vec<String>,
    pub span: Range<usize>,
}

/// Finds the directives of a text; `bare_lines` also accepts the plain-text
/// form without comment markers.
pub fn parse(text: &str, bare_lines: bool) -> Vec<Directive> {
    // Every directive names itself: without the word, neither regex is
    // built (building the two was a thirtieth of every start-up, and
    // nearly no article has a directive).
    if memchr::memmem::find(text.as_bytes(), b"mtlint-").is_none() {
        return Vec::new();
    }
    let mut found: Vec<Directive> = COMMENT.captures_iter(text).map(directive).collect();
    if bare_lines {
        found.extend(BARE_LINE.captures_iter(text).map(directive));
    }
    found.sort_by_key(|d| d.span.start);
    found
}

fn directive(caps: regex::Captures) -> Directive {
    let kind = match &caps[1] {
        "disable" => Kind::Disable,
        "enable" => Kind::Enable,
        _ => Kind::DisableNextLine,
    };
    let rules = caps[2]
        .split([' ', '\t', ','])
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let whole = caps.get(0).unwrap();
    let text = whole.as_str();
    let trimmed_start = text.len() - text.trim_start().len();
    let span = whole.start() + trimmed_start..whole.start() + text.trim_end().len();
    Directive { kind, rules, span }
}

/// A stretch of text where some rules (or all) are off.
struct Region {
    directive: usize,
    rule: Option<String>,
    range: Range<usize>,
}

/// Removes suppressed findings; adds findings about unknown ids and unused
/// directives. `known` tells whether a rule id exists.
pub fn apply(
    source: &SourceFile,
    directives: &[Directive],
    diagnostics: Vec<Diagnostic>,
    known: impl Fn(&str) -> bool,
    runs: impl Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    if directives.is_empty() {
        return diagnostics;
    }
    let text = source.text();
    let mut regions: Vec<Region> = Vec::new();
    let mut open: Vec<(usize, Option<String>, usize)> = Vec::new();
    for (i, d) in directives.iter().enumerate() {
        let ids: Vec<Option<String>> = if d.rules.is_empty() {
            vec![None]
        } else {
            d.rules.iter().cloned().map(Some).collect()
        };
        match d.kind {
            Kind::Disable => open.extend(ids.into_iter().map(|id| (i, id, d.span.end))),
            Kind::Enable => {
                open.retain(|(di, id, start)| {
                    let closes = d.rules.is_empty() || id.as_ref().is_some_and(|id| d.rules.contains(id));
                    if closes {
                        regions.push(Region {
                            directive: *di,
                            rule: id.clone(),
                            range: *start..d.span.start,
                        });
                    }
                    !closes
                });
            }
            Kind::DisableNextLine => {
                let line = source.line_index(d.span.start);
                if line + 1 < source.line_count() {
                    let next = source.line_range(line + 1);
                    for id in ids {
                        regions.push(Region {
                            directive: i,
                            rule: id,
                            range: next.clone(),
                        });
                    }
                }
            }
        }
    }
    for (di, id, start) in open {
        regions.push(Region {
            directive: di,
            rule: id,
            range: start..text.len(),
        });
    }
    let mut used: Vec<Vec<bool>> = directives.iter().map(|d| vec![false; d.rules.len().max(1)]).collect();
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    for diagnostic in diagnostics {
        let mut suppressed = false;
        for r in &regions {
            let applies = r.rule.as_deref().is_none_or(|id| id == diagnostic.rule.as_ref());
            if applies && r.range.contains(&diagnostic.span.start) {
                let d = &directives[r.directive];
                let slot = r
                    .rule
                    .as_ref()
                    .and_then(|id| d.rules.iter().position(|x| x == id))
                    .unwrap_or(0);
                used[r.directive][slot] = true;
                suppressed = true;
            }
        }
        if !suppressed {
            kept.push(diagnostic);
        }
    }
    for (i, d) in directives.iter().enumerate() {
        if d.kind == Kind::Enable {
            continue;
        }
        let unknown: Vec<&str> = d.rules.iter().map(String::as_str).filter(|id| !known(id)).collect();
        for id in &unknown {
            kept.push(Diagnostic::new(
                PackStr::from_static(UNKNOWN_RULE),
                Severity::Warning,
                format!("unknown rule «{id}» in an mtlint directive"),
                d.span.clone(),
            ));
        }
        let unused: Vec<&str> = d
            .rules
            .iter()
            .zip(&used[i])
            // A rule that did not run (not selected) may well have needed
            // the directive: only rules that ran are judged.
            .filter(|(id, u)| !**u && !unknown.contains(&id.as_str()) && runs(id))
            .map(|(id, _)| id.as_str())
            .collect();
        let nothing = d.rules.is_empty() && !used[i][0];
        if nothing || !unused.is_empty() {
            let what = if nothing {
                "any rule".to_string()
            } else {
                unused.join(", ")
            };
            let fix = crate::diagnostic::Fix {
                span: d.span.clone(),
                replacement: Box::default(),
                applicability: crate::diagnostic::Applicability::Unsafe,
            };
            let all_unused = nothing || unused.len() == d.rules.len();
            kept.push(
                Diagnostic::new(
                    PackStr::from_static(UNUSED_DIRECTIVE),
                    Severity::Info,
                    format!("this directive suppresses nothing for {what}"),
                    d.span.clone(),
                )
                .with_fix(all_unused.then_some(fix)),
            );
        }
    }
    crate::diagnostic::sort_by_position(&mut kept);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(rule: &str, at: usize) -> Diagnostic {
        Diagnostic::new(PackStr::from(rule), Severity::Warning, "m", at..at + 1)
    }

    #[test]
    fn a_text_without_the_word_has_no_directive_for_either_regex() {
        for text in [
            "<!-- mtlint disable -->",
            "<!-- MTLINT-disable -->",
            "mtlint_enable",
            "<!-- mtlint-disable -->",
            "  mtlint-enable\n",
        ] {
            let gated = parse(text, true);
            let by_regex = COMMENT.captures_iter(text).count() + BARE_LINE.captures_iter(text).count();
            assert_eq!(gated.len(), by_regex, "{text}");
            if !text.contains("mtlint-") {
                assert!(gated.is_empty());
            }
        }
    }

    #[test]
    fn parses_comment_and_bare_forms() {
        let text = "a\n<!-- mtlint-disable x, y -->\nmtlint-enable\n<!-- mtlint-disable-next-line -->\n";
        let found = parse(text, true);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].rules, ["x", "y"]);
        assert_eq!(found[1].kind, Kind::Enable);
        assert_eq!(found[2].kind, Kind::DisableNextLine);
        assert!(found[2].rules.is_empty());
        assert_eq!(
            parse("mtlint-disable x", false).len(),
            0,
            "bare form only in plain text"
        );
    }

    #[test]
    fn regions_next_line_and_unused() {
        let text = "one\n<!-- mtlint-disable r1 -->\ntwo\n<!-- mtlint-enable -->\nthree\n<!-- mtlint-disable-next-line r2 zz -->\nfour\n";
        let src = SourceFile::new("t", text);
        let directives = parse(text, false);
        let at = |w: &str| text.find(w).unwrap();
        let findings = vec![
            finding("r1", at("one")),
            finding("r1", at("two")),
            finding("r1", at("three")),
            finding("r1", at("four")),
        ];
        let out = apply(&src, &directives, findings, |id| id.starts_with('r'), |_| true);
        let summary: Vec<(String, usize)> = out
            .iter()
            .map(|d| (d.rule.to_string(), src.line_col(d.span.start).line))
            .collect();
        assert_eq!(
            summary,
            [
                ("r1".to_string(), 1),
                ("r1".to_string(), 5),
                (UNKNOWN_RULE.to_string(), 6),
                (UNUSED_DIRECTIVE.to_string(), 6),
                ("r1".to_string(), 7)
            ]
        );
    }
}
