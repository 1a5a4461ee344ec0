//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. Rule
//! metadata goes in `tool.driver.rules`, each result carries its location
//! (line/column in Unicode code points, and byte offsets) and its fix.

use super::FileReport;
use crate::diagnostic::Severity;
use crate::rules::RuleInfo;
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

/// A relative URI for a path as given on the command line.
fn uri(path: &str) -> String {
    path.replace('\\', "/")
        .split('/')
        .map(|part| {
            part.replace('%', "%25")
                .replace(' ', "%20")
                .replace('#', "%23")
                .replace('?', "%3F")
        })
        .collect::<Vec<_>>()
        .join("/")
}

pub fn sarif(reports: &[FileReport], rules: &[RuleInfo]) -> Value {
    let used: BTreeMap<&str, ()> = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| (d.rule.as_ref(), ()))
        .collect();
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut descriptors = Vec::new();
    for id in used.keys() {
        index.insert(id, descriptors.len());
        let descriptor = match rules.iter().find(|r| r.id.as_ref() == *id) {
            Some(r) => json!({
                "id": r.id.as_ref(),
                "name": r.id.as_ref(),
                "shortDescription": { "text": r.message },
                "fullDescription": { "text": r.explain.as_deref().unwrap_or(&r.message).trim() },
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
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

pub fn write_sarif(reports: &[FileReport], rules: &[RuleInfo], out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &sarif(reports, rules))?;
    writeln!(out)
}
