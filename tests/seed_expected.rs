//! The reference article against `shared/seed/expected.toml`: every required
//! finding reported (with its fix where one is given), no clean text flagged.

mod common;

use common::{json, mtlint, seed_article, shared};
use serde::Deserialize;
use serde_json::Value;
use std::ops::Range;

#[derive(Deserialize)]
struct Expected {
    finding: Vec<Finding>,
    clean: Vec<Clean>,
}

#[derive(Deserialize)]
struct Finding {
    line: usize,
    text: String,
    class: String,
    must: bool,
    fix: Option<String>,
    occurrence: Option<usize>,
}

#[derive(Deserialize)]
struct Clean {
    line: usize,
    text: String,
}

fn load() -> Option<(String, Expected)> {
    let path = shared("seed/expected.toml")?;
    let expected: Expected = toml::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let article = std::fs::read_to_string(seed_article()).unwrap();
    let original = std::fs::read_to_string(shared("seed/hasakah-prison-attack.ar.txt")?).unwrap();
    assert_eq!(article, original, "examples/ holds an exact copy of the seed article");
    Some((article, expected))
}

/// Byte ranges of `text` on 1-based `line` (all, or the `occurrence`-th).
fn occurrences(article: &str, line: usize, text: &str, occurrence: Option<usize>) -> Vec<Range<usize>> {
    let start: usize = article.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let content = article[start..].split('\n').next().unwrap();
    let all: Vec<Range<usize>> = content
        .match_indices(text)
        .map(|(i, m)| start + i..start + i + m.len())
        .collect();
    assert!(!all.is_empty(), "«{text}» is not on line {line}");
    match occurrence {
        Some(n) => vec![all[n - 1].clone()],
        None => all,
    }
}

fn overlaps(d: &Value, range: &Range<usize>) -> bool {
    let (s, e) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    s < range.end && range.start < e
}

fn at_least_warning(d: &Value) -> bool {
    matches!(d["severity"].as_str(), Some("warning" | "error"))
}

#[test]
fn seed_article_reports_required_findings_and_spares_clean_text() {
    let Some((article, expected)) = load() else { return };
    let run = mtlint(&["check", "--format", "json", seed_article().to_str().unwrap()]);
    assert_eq!(run.code, 1, "findings mean exit 1; stderr: {}", run.stderr);
    let diagnostics = json(&run);
    let mut missing = Vec::new();
    let mut checked = 0;
    for f in expected.finding.iter().filter(|f| f.must) {
        for range in occurrences(&article, f.line, &f.text, f.occurrence) {
            checked += 1;
            let hits: Vec<&Value> = diagnostics
                .iter()
                .filter(|d| at_least_warning(d) && overlaps(d, &range))
                .collect();
            if hits.is_empty() {
                missing.push(format!("line {}: «{}» ({})", f.line, f.text, f.class));
                continue;
            }
            if let Some(fix) = &f.fix {
                let offered = hits.iter().any(|d| {
                    d["fix"]["replacement"].as_str() == Some(fix)
                        || d["suggestions"]
                            .as_array()
                            .is_some_and(|s| s.iter().any(|s| s.as_str() == Some(fix)))
                });
                if !offered {
                    missing.push(format!(
                        "line {}: «{}» reported without the fix «{fix}»",
                        f.line, f.text
                    ));
                }
            }
        }
    }
    assert!(
        checked >= 30,
        "expected.toml lists the seed's findings ({checked} checked)"
    );
    assert!(
        missing.is_empty(),
        "required findings not reported:\n{}",
        missing.join("\n")
    );
    let mut noisy = Vec::new();
    for c in &expected.clean {
        for range in occurrences(&article, c.line, &c.text, None) {
            for d in diagnostics
                .iter()
                .filter(|d| at_least_warning(d) && overlaps(d, &range))
            {
                noisy.push(format!("line {}: «{}» flagged by {}", c.line, c.text, d["rule"]));
            }
        }
    }
    assert!(noisy.is_empty(), "clean text reported:\n{}", noisy.join("\n"));
}

#[test]
fn json_positions_agree_with_byte_offsets() {
    let article = std::fs::read_to_string(seed_article()).unwrap();
    let run = mtlint(&["check", "--format", "json", seed_article().to_str().unwrap()]);
    let diagnostics = json(&run);
    assert!(!diagnostics.is_empty());
    for d in &diagnostics {
        for field in [
            "path",
            "rule",
            "severity",
            "message",
            "start",
            "end",
            "line",
            "column",
            "end_line",
            "end_column",
        ] {
            assert!(!d[field].is_null(), "missing {field} in {d}");
        }
        let start = d["start"].as_u64().unwrap() as usize;
        let before = &article[..start];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap().chars().count() + 1;
        assert_eq!(
            (
                d["line"].as_u64().unwrap() as usize,
                d["column"].as_u64().unwrap() as usize
            ),
            (line, column)
        );
        if let Some(fix) = d.get("fix") {
            let (s, e) = (
                fix["start"].as_u64().unwrap() as usize,
                fix["end"].as_u64().unwrap() as usize,
            );
            assert!(article.is_char_boundary(s) && article.is_char_boundary(e) && s <= e);
        }
    }
}
