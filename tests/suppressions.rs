//! Suppression directives in Markdown, HTML and plain text.

mod common;

use common::{json, mtlint_in};

fn lint(dir: &std::path::Path, file: &str, text: &str) -> Vec<serde_json::Value> {
    std::fs::write(dir.join(file), text).unwrap();
    json(&mtlint_in(
        dir,
        &["check", "--isolated", "--format", "json", file],
        None,
    ))
}

fn rules(found: &[serde_json::Value]) -> Vec<(String, u64)> {
    found
        .iter()
        .map(|d| (d["rule"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn disable_and_enable_regions_in_markdown() {
    let dir = tempfile::tempdir().unwrap();
    let text = "قال المتحدث ، إن\n\n<!-- mtlint-disable space-before-punctuation -->\n\nقال المتحدث ، إن\n\n<!-- mtlint-enable -->\n\nقال المتحدث ، إن\n";
    let found = lint(dir.path(), "a.md", text);
    assert_eq!(
        rules(&found),
        [
            ("space-before-punctuation".into(), 1),
            ("space-before-punctuation".into(), 9)
        ]
    );
}

#[test]
fn disable_next_line_in_html() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<p>قال مظلوم عبادي</p>\n<!-- mtlint-disable-next-line mazloum-abdi -->\n<p>قال مظلوم عبادي</p>\n";
    let found = lint(dir.path(), "a.html", text);
    assert_eq!(rules(&found), [("mazloum-abdi".into(), 1)]);
}

#[test]
fn bare_directives_on_their_own_line_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let text = "mtlint-disable-next-line\nقال المتحدث ، إن مظلوم عبادي\nقال المتحدث ، إن\n";
    let found = lint(dir.path(), "a.txt", text);
    assert_eq!(
        rules(&found),
        [("space-before-punctuation".into(), 3)],
        "the directive line itself is not linted either"
    );
}

#[test]
fn unknown_ids_and_unused_directives_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let text = "<!-- mtlint-disable-next-line no-such-rule -->\nنص سليم.\n\n<!-- mtlint-disable-next-line doubled-word -->\nنص سليم آخر.\n";
    let found = lint(dir.path(), "a.md", text);
    let summary: Vec<(String, String, u64)> = found
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
                d["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("unknown-rule-in-directive".into(), "warning".into(), 1),
            ("unused-suppression".into(), "info".into(), 4),
        ]
    );
}
