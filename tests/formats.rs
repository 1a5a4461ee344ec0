//! Every output format on one small article (snapshots), SARIF's required
//! structure, statistics and --output-file.

mod common;

use common::mtlint;

const ARTICLE: &str = "tests/articles/punctuation.ar.txt";

fn output(format: &str) -> String {
    let run = mtlint(&["check", "--format", format, ARTICLE]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    run.stdout
}

#[test]
fn concise() {
    insta::assert_snapshot!(output("concise"));
}

#[test]
fn github() {
    insta::assert_snapshot!(output("github"));
}

#[test]
fn jsonl() {
    insta::assert_snapshot!(output("jsonl"));
}

#[test]
fn sarif_has_the_required_structure() {
    let sarif: serde_json::Value = serde_json::from_str(&output("sarif")).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "mtlint");
    let rules = driver["rules"].as_array().unwrap();
    assert!(!rules.is_empty());
    for rule in rules {
        assert!(
            rule["id"].is_string() && rule["shortDescription"]["text"].is_string(),
            "{rule}"
        );
        assert!(["error", "warning", "note"].contains(&rule["defaultConfiguration"]["level"].as_str().unwrap()));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 8);
    for result in results {
        // Required by the schema: message; and what code scanning needs.
        assert!(result["message"]["text"].is_string());
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], ARTICLE);
        let region = &location["region"];
        for key in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[key].as_u64().unwrap() >= 1, "{key} in {region}");
        }
        if let Some(fixes) = result.get("fixes") {
            let replacement = &fixes[0]["artifactChanges"][0]["replacements"][0];
            assert!(replacement["deletedRegion"]["byteOffset"].is_u64());
            assert!(replacement["insertedContent"]["text"].is_string());
        }
    }
    assert!(results.iter().any(|r| r.get("fixes").is_some()));
    insta::assert_json_snapshot!("sarif", sarif, { ".runs[0].tool.driver.version" => "[version]" });
}

#[test]
fn statistics_count_per_rule() {
    let run = mtlint(&["check", "--statistics", ARTICLE]);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn statistics_as_json_count_safe_and_unsafe_fixes_apart() {
    let run = mtlint(&[
        "check",
        "--statistics",
        "--format",
        "json",
        "examples/hasakah-prison-attack.ar.txt",
    ]);
    let rows: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).expect("JSON statistics");
    let row = |id: &str| {
        rows.iter()
            .find(|r| r["rule"] == id)
            .unwrap_or_else(|| panic!("{id} in {rows:?}"))
    };
    assert_eq!(
        row("space-before-punctuation")["fixable"],
        row("space-before-punctuation")["count"]
    );
    let duplicated = row("duplicated-paragraph");
    assert_eq!(duplicated["fixable"], 0, "an unsafe fix is not --fix fixable");
    assert_eq!(duplicated["unsafe_fixable"], duplicated["count"]);
}

#[test]
fn output_file_gets_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    let run = mtlint(&[
        "check",
        "--format",
        "json",
        "--output-file",
        out.to_str().unwrap(),
        ARTICLE,
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.is_empty());
    let report: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(report.as_array().unwrap().len(), 8);
}

#[test]
fn markdown_and_html_are_linted_as_prose() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.md"),
        "# قال مظلوم عبادي\n\n```\nقال مظلوم عبادي ، في الكود\n```\n\n[رابط](https://www.youtube.com/watch؟v=1) و `مظلوم عبادي` و **مظلوم عبادي**.\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("a.html"),
        "<p title=\"مظلوم عبادي\">قال <b>مظلوم عبادي</b>&nbsp;إن</p>\n<script>var s = 'مظلوم عبادي';</script>\n",
    )
    .unwrap();
    let run = common::mtlint_in(dir.path(), &["check", "--format", "json", "a.md", "a.html"], None);
    let found: Vec<(String, u64, u64)> = common::json(&run)
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // The heading, the broken link target, the bold name; in HTML only the
    // text of <b>, not the attribute or the script.
    assert_eq!(
        found,
        [
            ("a.md".into(), 1, 7),
            ("a.md".into(), 7, 37),
            ("a.md".into(), 7, 63),
            ("a.html".into(), 1, 31)
        ]
    );
}

#[test]
fn binary_files_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.txt"), b"GIF89a\x00\x01\x00\x00").unwrap();
    std::fs::write(dir.path().join("b.txt"), "قال مظلوم عبادي").unwrap();
    let run = common::mtlint_in(dir.path(), &["check", "."], None);
    assert_eq!(run.code, 1, "the binary file is no error: {}", run.stderr);
    assert!(run.stderr.contains("image.txt: binary file skipped"), "{}", run.stderr);
    assert!(run.stdout.contains("mazloum-abdi"));
}

#[test]
fn explain_shows_examples_and_fix_behaviour() {
    let run = mtlint(&["explain", "url-arabic-punctuation"]);
    assert_eq!(run.code, 0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn completions_and_man_page_are_generated() {
    let bash = mtlint(&["completions", "bash"]);
    assert_eq!(bash.code, 0);
    assert!(bash.stdout.contains("--unsafe-fixes"));
    let man = mtlint(&["man"]);
    assert_eq!(man.code, 0);
    assert!(
        man.stdout.starts_with(".ie") || man.stdout.contains(".TH mtlint"),
        "{}",
        &man.stdout[..200.min(man.stdout.len())]
    );
}

/// A file that could not be read must not look clean on a code-scanning
/// dashboard or a pull request: SARIF says so in the run's invocation and
/// GitHub output as an error annotation on that file; a skipped binary is a
/// note/notice.
#[test]
fn unreadable_and_skipped_inputs_reach_sarif_and_github() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.txt"), b"GIF89a\x00\x01\x00\x00").unwrap();
    std::fs::write(dir.path().join("a.txt"), "قال مظلوم عبادي").unwrap();
    let args = |format| vec!["check", "--format", format, "a.txt", "missing.txt", "image.txt"];
    let run = common::mtlint_in(dir.path(), &args("sarif"), None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    let summary: Vec<(&str, &str, &str)> = notes
        .iter()
        .map(|n| {
            (
                n["level"].as_str().unwrap(),
                n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap(),
                n["message"]["text"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("error", "missing.txt", "no such file or directory"),
            ("note", "image.txt", "binary file skipped")
        ]
    );
    assert_eq!(sarif["runs"][0]["results"].as_array().unwrap().len(), 1);

    let run = common::mtlint_in(dir.path(), &args("github"), None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=missing.txt,title=mtlint::no such file or directory"
    );
    assert!(lines[1].starts_with("::error file=a.txt,line=1,"), "{}", lines[1]);
    assert_eq!(lines[2], "::notice file=image.txt,title=mtlint::binary file skipped");
    assert_eq!(lines.len(), 3);
}

#[test]
fn a_clean_run_is_a_successful_sarif_invocation() {
    let sarif: serde_json::Value = serde_json::from_str(&output("sarif")).unwrap();
    let invocation = &sarif["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    assert_eq!(invocation["toolExecutionNotifications"], serde_json::json!([]));
}

/// The manual names subcommand pages (mtlint-check(1)…): `--output-dir`
/// writes every one of them, and the main page carries the configuration.
#[test]
fn every_man_page_the_manual_names_is_generated() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("man1");
    let run = mtlint(&["man", "--output-dir", out.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let main = std::fs::read_to_string(out.join("mtlint.1")).unwrap();
    let named: Vec<String> = main
        .lines()
        .filter_map(|l| l.strip_prefix("mtlint\\-"))
        .filter_map(|l| l.split('(').next())
        .map(|sub| format!("mtlint-{sub}.1"))
        .collect();
    assert!(named.len() >= 8, "{named:?}");
    for page in &named {
        let text = std::fs::read_to_string(out.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page}");
    }
    assert!(
        std::fs::read_to_string(out.join("mtlint-check.1"))
            .unwrap()
            .contains("force\\-exclude")
    );
    for key in mtlint::config_reference::KEYS {
        assert!(
            main.contains(&format!("\\fB{}\\fR", key.key)),
            "man page lacks {}",
            key.key
        );
    }
    // The page on standard output is the same main page.
    assert_eq!(mtlint(&["man"]).stdout, main);
}

/// `mtlint help config` and docs/configuration.md come from the table the
/// tests check against the parser, and the docs file is its current output.
#[test]
fn configuration_reference_is_generated_from_the_code() {
    let help = mtlint(&["help", "config"]);
    assert_eq!(help.code, 0, "{}", help.stderr);
    for key in mtlint::config_reference::KEYS {
        assert!(
            help.stdout.contains(&format!("\n  {}  (", key.key)),
            "help config lacks {}",
            key.key
        );
    }
    let markdown = mtlint(&["config", "--markdown"]).stdout;
    let docs = std::fs::read_to_string(common::repo().join("docs/configuration.md")).unwrap();
    assert!(
        docs == markdown,
        "docs/configuration.md is stale: run `cargo run -- config --markdown > docs/configuration.md`"
    );
}

/// The HTML report lists files it could not check, so a reader of the page
/// does not take them for clean ones.
#[test]
fn html_report_names_unreadable_and_skipped_inputs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.txt"), b"GIF89a\x00\x01\x00\x00").unwrap();
    std::fs::write(dir.path().join("a.txt"), "قال مظلوم عبادي").unwrap();
    let run = common::mtlint_in(
        dir.path(),
        &["check", "--format", "html", "a.txt", "missing.txt", "image.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let page = &run.stdout;
    assert!(page.starts_with("<!DOCTYPE html>") && page.trim_end().ends_with("</html>"));
    let notes = &page[page.find("class=\"notifications\"").expect("a list of unchecked files")..];
    assert!(notes.contains("missing.txt") && notes.contains("image.txt"), "{notes}");
    assert!(page.contains("data-rule=\"mazloum-abdi\""));
    assert!(page.contains("<html lang=\"ar\" dir=\"rtl\">"));
}
