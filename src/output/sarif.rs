//! `--format sarif`: SARIF 2.1.0, for code-scanning dashboards. Rule
//! metadata goes in `tool.driver.rules`, each result carries its location
//! (line/column in Unicode code points, and byte offsets) and its fix.

use super::{FileReport, Notification};
use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::RuleInfo;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use serde_json::{Value, json};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
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

/// The whole log. Its findings are written as they are read from the
/// reports, so the output is never held as a tree: as a `serde_json::Value`
/// it took 18 KB a finding (775 MB for a 10 MB file's 42,000 findings).
///
/// Every object's fields are declared in byte order of their names: the
/// output keeps the key order it had as a `Value` (whose maps are sorted).
#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    column_kind: &'static str,
    invocations: [Value; 1],
    results: Results<'a>,
    tool: Value,
}

/// Every finding of every report, made into a SARIF result as it is
/// written.
struct Results<'a> {
    reports: &'a [FileReport],
    rule_index: BTreeMap<&'a str, usize>,
}

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.reports.iter().map(|r| r.diagnostics.len()).sum()))?;
        for r in self.reports {
            let uri = uri(r.source.path());
            for d in &r.diagnostics {
                seq.serialize_element(&SarifResult::of(r, d, &uri, self.rule_index[d.rule.as_ref()]))?;
            }
        }
        seq.end()
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fixes: Option<[SarifFix<'a>; 1]>,
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<RelatedLocation<'a>>,
    rule_id: &'a str,
    rule_index: usize,
}

impl<'a> SarifResult<'a> {
    fn of(r: &'a FileReport, d: &'a Diagnostic, uri: &'a str, rule_index: usize) -> SarifResult<'a> {
        let start = r.source.line_col(d.span.start);
        let end = r.source.line_col(d.span.end);
        let artifact = || ArtifactLocation {
            uri: Cow::Borrowed(uri),
        };
        SarifResult {
            fixes: d.fix.as_ref().map(|fix| {
                [SarifFix {
                    artifact_changes: [ArtifactChange {
                        artifact_location: artifact(),
                        replacements: [Replacement {
                            deleted_region: ByteRegion {
                                byte_length: fix.span.len(),
                                byte_offset: fix.span.start,
                            },
                            inserted_content: Text { text: &fix.replacement },
                        }],
                    }],
                    description: OwnedText {
                        text: format!("replace with «{}» ({})", fix.replacement, fix.applicability.as_str()),
                    },
                }]
            }),
            level: level(d.severity),
            locations: [Location {
                physical_location: PhysicalLocation {
                    artifact_location: artifact(),
                    region: Region {
                        byte_length: d.span.len(),
                        byte_offset: d.span.start,
                        end_column: end.column,
                        end_line: end.line,
                        snippet: Text {
                            text: &r.source.text()[d.span.clone()],
                        },
                        start_column: start.column,
                        start_line: start.line,
                    },
                },
            }],
            message: Text { text: &d.message },
            related_locations: d
                .related()
                .iter()
                .enumerate()
                .map(|(id, related)| RelatedLocation {
                    id,
                    message: Text { text: &related.message },
                    physical_location: PhysicalLocation {
                        artifact_location: ArtifactLocation {
                            uri: Cow::Owned(self::uri(&related.path)),
                        },
                        region: RelatedRegion {
                            byte_length: related.end - related.start,
                            byte_offset: related.start,
                            start_column: related.column,
                            start_line: related.line,
                        },
                    },
                })
                .collect(),
            rule_id: d.rule.as_ref(),
            rule_index,
        }
    }
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct OwnedText {
    text: String,
}

#[derive(Serialize)]
struct ArtifactLocation<'a> {
    uri: Cow<'a, str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a, Region<'a>>,
}

/// A file and a region of it: a finding's [`Region`], or a related
/// place's [`RelatedRegion`].
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a, R> {
    artifact_location: ArtifactLocation<'a>,
    region: R,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region<'a> {
    byte_length: usize,
    byte_offset: usize,
    end_column: usize,
    end_line: usize,
    snippet: Text<'a>,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedLocation<'a> {
    id: usize,
    message: Text<'a>,
    physical_location: PhysicalLocation<'a, RelatedRegion>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedRegion {
    byte_length: usize,
    byte_offset: usize,
    start_column: usize,
    start_line: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix<'a> {
    artifact_changes: [ArtifactChange<'a>; 1],
    description: OwnedText,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation<'a>,
    replacements: [Replacement<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: ByteRegion,
    inserted_content: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ByteRegion {
    byte_length: usize,
    byte_offset: usize,
}

/// The rules that have findings, each described once, in id order; and
/// where each id's description is in that list.
fn descriptors<'a>(reports: &'a [FileReport], rules: &[RuleInfo]) -> (Vec<Value>, BTreeMap<&'a str, usize>) {
    let used: BTreeSet<&str> = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .map(|d| d.rule.as_ref())
        .collect();
    let mut index = BTreeMap::new();
    let mut descriptors = Vec::new();
    for id in used {
        index.insert(id, descriptors.len());
        let descriptor = match rules.iter().find(|r| r.id.as_str() == id) {
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
    (descriptors, index)
}

pub fn write_sarif(
    reports: &[FileReport],
    rules: &[RuleInfo],
    notifications: &[Notification],
    out: &mut dyn Write,
) -> io::Result<()> {
    let (descriptors, rule_index) = descriptors(reports, rules);
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
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            invocations: [json!({
                "executionSuccessful": successful,
                "toolExecutionNotifications": execution_notifications,
            })],
            results: Results { reports, rule_index },
            tool: json!({
                "driver": {
                    "name": "mtlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": descriptors,
                }
            }),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Fix, Related};
    use crate::rules::pack_str::PackStr;
    use crate::source::SourceFile;

    #[test]
    fn a_result_carries_its_region_related_places_and_fix_with_sorted_keys() {
        let source = SourceFile::new("a b.txt", "سطر\nقال عبادي\n");
        let at = source.text().find("عبادي").unwrap();
        let finding = Diagnostic::new(PackStr::from_static("t"), Severity::Error, "m", at..at + "عبادي".len())
            .with_related(Related::new(&source, 0..3, "first"))
            .with_fix(Some(Fix {
                span: at..at + "عبادي".len(),
                replacement: "عبدي".into(),
                applicability: Applicability::Safe,
            }));
        let reports = [FileReport {
            source,
            diagnostics: vec![finding],
        }];
        let mut out = Vec::new();
        write_sarif(&reports, &[], &[], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let log: Value = serde_json::from_str(&text).unwrap();
        let result = &log["runs"][0]["results"][0];
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], 2);
        assert_eq!(region["startColumn"], 5);
        assert_eq!(region["byteOffset"], at);
        assert_eq!(region["snippet"]["text"], "عبادي");
        assert_eq!(result["relatedLocations"][0]["message"]["text"], "first");
        assert_eq!(
            result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "a%20b.txt"
        );
        let change = &result["fixes"][0]["artifactChanges"][0];
        assert_eq!(change["replacements"][0]["insertedContent"]["text"], "عبدي");
        assert_eq!(result["ruleId"], "t");
        assert_eq!(log["runs"][0]["tool"]["driver"]["rules"][0]["id"], "t");
        // Keys in byte order, as the output has always had them.
        let keys: Vec<usize> = [
            "\"fixes\"",
            "\"level\"",
            "\"locations\"",
            "\"message\"",
            "\"relatedLocations\"",
            "\"ruleId\"",
            "\"ruleIndex\"",
        ]
        .iter()
        .map(|key| text.find(key).unwrap())
        .collect();
        assert!(keys.is_sorted(), "{text}");
    }

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
