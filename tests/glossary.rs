//! Newsroom glossaries: the bundled `[[glossary]]` pack, and a team's own
//! glossary given as a TBX or CSV/TSV file, with errors that name the file
//! and line.

mod common;

use common::{json, mtlint_in};
use std::fs;

const ORIGINAL: &str = "Police arrested members of ISIS sleeper cells.\n\nThe ceasefire held overnight, the U.N. said.\n\nA car bomb killed five people.\n";
const TRANSLATION: &str = "اعتقلت الشرطة أعضاء في الخلايا النائمة لداعش.\n\nصمدت الهدنة طوال الليل، بحسب الأمم المتحدة.\n\nقتل الانفجار خمسة أشخاص.\n";

const TBX: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en"><text><body>
<termEntry id="ceasefire">
  <langSet xml:lang="en"><tig><term>ceasefire</term></tig></langSet>
  <langSet xml:lang="ar">
    <tig><term>وقف إطلاق النار</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
    <tig><term>الهدنة</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
  </langSet>
</termEntry>
<termEntry id="un">
  <langSet xml:lang="en"><tig><term>U.N.</term></tig></langSet>
  <langSet xml:lang="ar"><tig><term>الأمم المتحدة</term></tig></langSet>
</termEntry>
</body></text></martif>
"#;

fn pair(dir: &std::path::Path) {
    fs::write(dir.join("story.en.txt"), ORIGINAL).unwrap();
    fs::write(dir.join("story.ar.txt"), TRANSLATION).unwrap();
}

fn rules_of(found: &[serde_json::Value]) -> Vec<(String, String)> {
    found
        .iter()
        .map(|d| {
            let s = d["start"].as_u64().unwrap() as usize;
            let e = d["end"].as_u64().unwrap() as usize;
            (d["rule"].as_str().unwrap().to_string(), TRANSLATION[s..e].to_string())
        })
        .collect()
}

#[test]
fn the_bundled_glossary_reports_a_segment_without_the_required_rendering() {
    let dir = tempfile::tempdir().unwrap();
    pair(dir.path());
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "--source", "story.en.txt", "story.ar.txt"],
        None,
    );
    let found = json(&run);
    assert_eq!(
        rules_of(&found),
        [("glossary-security".to_string(), "قتل الانفجار خمسة أشخاص.".to_string())],
        "«الخلايا النائمة» is the required rendering with the article: {found:#?}"
    );
    let related = &found[0]["related"][0];
    let span = related["start"].as_u64().unwrap() as usize..related["end"].as_u64().unwrap() as usize;
    assert_eq!(&ORIGINAL[span], "car bomb");
    assert_eq!(related["path"], "story.en.txt");
    // Without the original, a glossary has nothing to go by.
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "story.ar.txt"], None);
    assert!(json(&run).iter().all(|d| d["rule"] != "glossary-security"));
}

#[test]
fn a_tbx_glossary_file_is_a_rule_pack() {
    let dir = tempfile::tempdir().unwrap();
    pair(dir.path());
    fs::write(dir.path().join("Newsroom Terms.tbx"), TBX).unwrap();
    let run = mtlint_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--rules",
            "Newsroom Terms.tbx",
            "--select",
            "glossary-newsroom-terms",
            "--source",
            "story.en.txt",
            "story.ar.txt",
        ],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = json(&run);
    assert_eq!(
        rules_of(&found),
        [("glossary-newsroom-terms".to_string(), "الهدنة".to_string())],
        "the deprecated rendering is reported where it is; «U.N.» is rendered: {found:#?}"
    );
    assert!(
        found[0]["message"].as_str().unwrap().contains("«وقف إطلاق النار»"),
        "{}",
        found[0]["message"]
    );
    let fix = &found[0]["fix"];
    assert_eq!(fix["applicability"], "unsafe", "{fix:#}");
    assert_eq!(fix["replacement"], "وقف إطلاق النار", "{fix:#}");
    // `mtlint rules` lists it; `explain` knows it.
    let run = mtlint_in(dir.path(), &["rules", "--rules", "Newsroom Terms.tbx"], None);
    assert!(run.stdout.contains("glossary-newsroom-terms"), "{}", run.stdout);
}

#[test]
fn a_tsv_glossary_from_the_configuration() {
    let dir = tempfile::tempdir().unwrap();
    pair(dir.path());
    fs::write(
        dir.path().join("terms.tsv"),
        "english\tarabic\tavoid\n# conflict\nceasefire\tوقف إطلاق النار | الهدنة\n",
    )
    .unwrap();
    fs::write(
        dir.path().join("mtlint.toml"),
        "rules = [\"terms.tsv\"]\nsource = \"{stem}.en.txt\"\nselect = [\"glossary-terms\"]\n",
    )
    .unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "story.ar.txt"], None);
    assert_eq!(
        run.code, 0,
        "«الهدنة» is listed as a rendering: {}{}",
        run.stdout, run.stderr
    );
    assert!(json(&run).is_empty());
}

#[test]
fn glossary_errors_name_the_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    pair(dir.path());
    fs::write(
        dir.path().join("broken.tbx"),
        "<martif><text><body>\n<termEntry>\n<langSet xml:lang=\"en\"></termEntry>\n",
    )
    .unwrap();
    let run = mtlint_in(
        dir.path(),
        &[
            "check",
            "--rules",
            "broken.tbx",
            "--source",
            "story.en.txt",
            "story.ar.txt",
        ],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.tbx: malformed XML") && run.stderr.contains("broken.tbx:3:"),
        "{}",
        run.stderr
    );

    fs::write(dir.path().join("short.csv"), "sleeper cells,خلايا نائمة\nceasefire\n").unwrap();
    let run = mtlint_in(dir.path(), &["check", "--rules", "short.csv", "story.ar.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a row needs an English term") && run.stderr.contains("short.csv:2:"),
        "{}",
        run.stderr
    );

    fs::write(dir.path().join("latin.tsv"), "ceasefire\ttruce\n").unwrap();
    let run = mtlint_in(dir.path(), &["check", "--rules", "latin.tsv", "story.ar.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("latin.tsv: no row has an English term"),
        "{}",
        run.stderr
    );

    let run = mtlint_in(dir.path(), &["check", "--rules", "missing.tbx", "story.ar.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.tbx"), "{}", run.stderr);
}
