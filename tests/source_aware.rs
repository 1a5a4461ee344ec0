//! Checking a translation against its English original from the command
//! line: one pair, directory pairing, errors, and the related location.

mod common;

use common::{json, mtlint_in};
use std::fs;

const ORIGINAL: &str = "Six soldiers and 16 civilians were killed on 20 January.\n\nThe deal is worth $2 billion, the ministry said.\n\nWatch it at https://www.youtube.com/watch?v=jZk58E9KU4 now.\n";
const TRANSLATION: &str = "قتل ستة جنود و16 مدنيا في 20 كانون الثاني.\n\nوقالت الوزارة إن قيمة الصفقة 2 مليون دولار.\n\nشاهده على https://www.youtube.com/watch?v=jZk58E9KU4 الآن.\n";

#[test]
fn one_pair_reports_against_the_original_with_its_span() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.en.txt"), ORIGINAL).unwrap();
    fs::write(dir.path().join("a.ar.txt"), TRANSLATION).unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "--source", "a.en.txt", "a.ar.txt"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let found = json(&run);
    let slips: Vec<_> = found.iter().filter(|d| d["rule"] == "source-number-mismatch").collect();
    assert_eq!(slips.len(), 1, "{found:#?}");
    let d = slips[0];
    let (start, end) = (
        d["start"].as_u64().unwrap() as usize,
        d["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&TRANSLATION[start..end], "2 مليون");
    assert!(d["message"].as_str().unwrap().contains("million and billion"), "{d}");
    let related = &d["related"][0];
    assert_eq!(related["path"], "a.en.txt");
    let (rs, re) = (
        related["start"].as_u64().unwrap() as usize,
        related["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&ORIGINAL[rs..re], "2 billion");
    assert_eq!(related["line"], 3);
    // The human output names the original's place too.
    let human = mtlint_in(dir.path(), &["check", "--source", "a.en.txt", "a.ar.txt"], None);
    assert!(human.stdout.contains("a.en.txt:3:"), "{}", human.stdout);
    // Without the original the source-aware rules are silent.
    let alone = json(&mtlint_in(dir.path(), &["check", "--format", "json", "a.ar.txt"], None));
    assert!(
        alone
            .iter()
            .all(|d| !d["rule"].as_str().unwrap().starts_with("source-"))
    );
}

#[test]
fn directories_pair_translations_by_pattern_and_skip_the_originals() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::write(articles.join("a.en.txt"), ORIGINAL).unwrap();
    fs::write(articles.join("a.ar.txt"), TRANSLATION).unwrap();
    fs::write(articles.join("b.en.txt"), "Three people died.\n").unwrap();
    fs::write(articles.join("b.ar.txt"), "توفي 4 أشخاص.\n").unwrap();
    for config in [None, Some("source = \"{stem}.en.txt\"\n")] {
        let mut args = vec!["check", "--format", "json", "articles"];
        match config {
            Some(text) => fs::write(dir.path().join("mtlint.toml"), text).unwrap(),
            None => args.extend(["--source-pattern", "{stem}.en.txt"]),
        }
        let run = mtlint_in(dir.path(), &args, None);
        let found = json(&run);
        let paths: std::collections::BTreeSet<_> = found.iter().map(|d| d["path"].as_str().unwrap()).collect();
        assert!(
            paths.iter().all(|p| p.ends_with(".ar.txt")),
            "originals are not linted: {paths:?}"
        );
        let b: Vec<_> = found
            .iter()
            .filter(|d| d["path"] == "articles/b.ar.txt" && d["rule"] == "source-number-mismatch")
            .collect();
        assert_eq!(b.len(), 1, "{found:#?}");
        assert!(
            b[0]["message"].as_str().unwrap().contains("«4» is not in the original"),
            "{}",
            b[0]["message"]
        );
    }
}

#[test]
fn a_missing_original_is_an_error_and_the_translation_is_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.ar.txt"), "قال مظلوم عبادي إن 3 قتلوا.\n").unwrap();
    fs::write(dir.path().join("b.ar.txt"), "قال مظلوم عبادي.\n").unwrap();
    fs::write(dir.path().join("b.en.txt"), "Mazloum Abdi spoke.\n").unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--source-pattern", "{stem}.en.txt", "a.ar.txt", "b.ar.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("a.ar.txt: cannot read the original a.en.txt"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("a.ar.txt") && run.stdout.contains("b.ar.txt"),
        "{}",
        run.stdout
    );
    let two = mtlint_in(
        dir.path(),
        &["check", "--source", "b.en.txt", "a.ar.txt", "b.ar.txt"],
        None,
    );
    assert_eq!(two.code, 2);
    assert!(
        two.stderr.contains("--source names the original of one translation"),
        "{}",
        two.stderr
    );
}

#[test]
fn a_dropped_paragraph_is_reported_once_and_the_rest_stay_paired() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.en.txt"), ORIGINAL).unwrap();
    let dropped =
        "قتل ستة جنود و16 مدنيا في 20 كانون الثاني.\n\nشاهده على https://www.youtube.com/watch?v=jZk58E9KU4 الآن.\n";
    fs::write(dir.path().join("a.ar.txt"), dropped).unwrap();
    let found = json(&mtlint_in(
        dir.path(),
        &[
            "check", "--format", "json", "--select", "source-", "--source", "a.en.txt", "a.ar.txt",
        ],
        None,
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["rule"], "source-omission");
    assert!(
        found[0]["message"].as_str().unwrap().contains("$2 billion"),
        "{}",
        found[0]["message"]
    );
}
