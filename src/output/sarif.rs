//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. Rule
//! metadata goes in `tool.driver.rules`, each result carries its location
//! (line/column in Unicode code points, and byte offsets) and its fix.

use super::{FileReport, Notification};
use crate::diagnostic::Severity;
use crate::rules::RuleInfo;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{self, Write};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Every byte of a path segment but RFC 3986's unreserved characters is
/// percent-encoded (controls, spaces, `:` that would read as a scheme,
/// non-ASCII as its UTF-8 bytes).
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// A URI for a path as given on the command line: relative paths stay
/// relative references, absolute ones become `file://` URIs.
/// A message template as a rule's description: each `{placeholder}` (filled
/// per finding) is shown as «…».
fn unfilled(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&rest[..open]);
                out.push('…');
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

pub fn uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let encoded = path
        .split('/')
        .map(|part| utf8_percent_encode(part, SEGMENT).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

pub fn sarif(reports: &[FileReport], rules: &[RuleInfo], notifications: &[Notification]) -> Value {
    let used: BTreeMap<&str, ()> = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| (d.rule.as_ref(), ()))
        .collect();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut descriptors = Vec::new();
    for id in used.keys() {
        index.insert(id, descriptors.len());
        let descriptor = match rules.iter().find(|r| r.id.as_str() == *id) {
            Some(r) => json!({
                "id": r.id.as_str(),
                "name": r.id.as_str(),
                "shortDescription": { "text": unfilled(&r.message) },
                "fullDescription": { "text": r.explain.as_deref().map_or_else(|| unfilled(&r.message), |e| e.trim().to_string()) },
                "help": { "text": format!("mtlint explain {}", r.id) },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "kind": r.kind.as_str(), "pack": r.pack },
            }),
            None => json!({
                "id": id,
                "name": id,
                "shortDescription": { "text": id },
            }),
        };
        descriptors.push(descriptor);
    }
    let mut results = Vec::new();
    for r in reports {
        let artifact = json!({ "uri": uri(r.source.path()) });
        for d in &r.diagnostics {
            let start = r.source.line_col(d.span.start);
            let end = r.source.line_col(d.span.end);
            let mut result = json!({
                "ruleId": d.rule.as_ref(),
                "ruleIndex": index[d.rule.as_ref()],
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": artifact,
                        "region": {
                            "startLine": start.line,
                            "startColumn": start.column,
                            "endLine": end.line,
                            "endColumn": end.column,
                            "byteOffset": d.span.start,
                            "byteLength": d.span.end - d.span.start,
                            "snippet": { "text": &r.source.text()[d.span.clone()] },
                        }
                    }
                }],
            });
            if !d.related().is_empty() {
                result["relatedLocations"] = d
                    .related()
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        json!({
                            "id": i,
                            "message": { "text": r.message },
                            "physicalLocation": {
                                "artifactLocation": { "uri": uri(&r.path) },
                                "region": {
                                    "startLine": r.line,
                                    "startColumn": r.column,
                                    "byteOffset": r.start,
                                    "byteLength": r.end - r.start,
                                }
                            }
                        })
                    })
                    .collect();
            }
            if let Some(fix) = &d.fix {
                result["fixes"] = json!([{
                    "description": { "text": format!("replace with «{}» ({})", fix.replacement, match fix.applicability {
                        crate::diagnostic::Applicability::Safe => "safe",
                        crate::diagnostic::Applicability::Unsafe => "unsafe",
                    }) },
                    "artifactChanges": [{
                        "artifactLocation": artifact,
                        "replacements": [{
                            "deletedRegion": { "byteOffset": fix.span.start, "byteLength": fix.span.end - fix.span.start },
                            "insertedContent": { "text": fix.replacement },
                        }]
                    }]
                }]);
            }
            results.push(result);
        }
    }
    let execution_notifications: Vec<Value> = notifications
        .iter()
        .map(|n| {
            json!({
                "level": level(n.severity),
                "message": { "text": n.message },
                "locations": [{
                    "physicalLocation": { "artifactLocation": { "uri": uri(&n.path) } }
                }],
            })
        })
        .collect();
    let successful = !notifications.iter().any(|n| n.severity == Severity::Error);
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "mtlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            },
            "invocations": [{
                "executionSuccessful": successful,
                "toolExecutionNotifications": execution_notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn write_sarif(
    reports: &[FileReport],
    rules: &[RuleInfo],
    notifications: &[Notification],
    out: &mut dyn Write,
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(reports, rules, notifications))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::{unfilled, uri};

    #[test]
    fn descriptions_show_no_placeholders() {
        assert_eq!(unfilled("«{found}» is «{english}» here"), "«…» is «…» here");
        assert_eq!(unfilled("no placeholder"), "no placeholder");
        assert_eq!(unfilled("open { only"), "open { only");
    }

    #[test]
    fn uris_encode_every_reserved_or_control_byte() {
        assert_eq!(uri("articles/a b.txt"), "articles/a%20b.txt");
        assert_eq!(uri("x\u{1B}[2J\n.txt"), "x%1B%5B2J%0A.txt");
        assert_eq!(uri("c:d/e#f?.txt"), "c%3Ad/e%23f%3F.txt");
        assert_eq!(uri("/tmp/خبر.txt"), "file:///tmp/%D8%AE%D8%A8%D8%B1.txt");
    }
}
