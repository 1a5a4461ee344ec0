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

const XLIFF: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file source-language="en" target-language="ar" datatype="plaintext" original="news">
    <body>
      <trans-unit id="p1">
        <source>The deal is worth <g id="1">$2 billion</g>, officials said.</source>
        <target>قال مسؤولون إن قيمة الصفقة <g id="1">2 مليون</g> دولار ، بحسب المصادر.</target>
      </trans-unit>
      <trans-unit id="p2">
        <source>Watch it at https://www.youtube.com/watch?v=jZk58E9KU4 now.</source>
        <target>شاهده على https://www.youtube.com/watch؟v=jZk58E9KU4 الآن.</target>
      </trans-unit>
      <trans-unit id="p3">
        <source>Mazloum Abdi spoke.</source>
      </trans-unit>
    </body>
  </file>
</xliff>
"#;

#[test]
fn xliff_targets_are_linted_against_their_sources_and_fixed_in_place() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("news.xlf"), XLIFF).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "news.xlf"], None);
    assert_eq!(run.code, 2, "a unit without a target is an error: {}", run.stderr);
    assert!(
        run.stderr.contains("news.xlf: 1 unit without a target: «p3» (line 13)"),
        "{}",
        run.stderr
    );
    let found = json(&run);
    let at = |rule: &str| {
        found
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("{rule} in {found:#?}"))
    };
    let slip = at("source-number-mismatch");
    let span = slip["start"].as_u64().unwrap() as usize..slip["end"].as_u64().unwrap() as usize;
    assert_eq!(&XLIFF[span], "2 مليون");
    let related = &slip["related"][0];
    assert_eq!(related["path"], "news.xlf");
    let rs = related["start"].as_u64().unwrap() as usize..related["end"].as_u64().unwrap() as usize;
    assert_eq!(&XLIFF[rs], "2 billion");
    assert_eq!(related["line"], 6);
    // Monolingual rules run on the targets only, never on tags or sources.
    assert!(found.iter().any(|d| d["rule"] == "url-arabic-punctuation"));
    assert!(found.iter().all(|d| {
        let s = d["start"].as_u64().unwrap() as usize;
        let line = XLIFF[..s].lines().last().unwrap_or("");
        !line.contains("<source>")
    }));
    // --fix edits the target text and nothing else.
    mtlint_in(dir.path(), &["check", "--fix", "news.xlf"], None);
    let fixed = fs::read_to_string(dir.path().join("news.xlf")).unwrap();
    assert!(fixed.contains("watch?v=jZk58E9KU4 الآن"), "{fixed}");
    assert!(fixed.contains("دولار، بحسب"), "{fixed}");
    assert_eq!(
        fixed
            .replace("watch?v=jZk58E9KU4 الآن", "watch؟v=jZk58E9KU4 الآن")
            .replace("دولار، بحسب", "دولار ، بحسب"),
        XLIFF,
        "only the two target fixes changed"
    );
}

#[test]
fn tmx_and_malformed_exchange_files() {
    let dir = tempfile::tempdir().unwrap();
    let tmx = r#"<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en" creationtool="t" creationtoolversion="1" o-tmf="t"/>
<body>
<tu tuid="1"><tuv xml:lang="en"><seg>Six soldiers were killed on 20 January.</seg></tuv><tuv xml:lang="ar"><seg>قتل ستة جنود في 20 شباط.</seg></tuv></tu>
</body></tmx>
"#;
    fs::write(dir.path().join("memory.tmx"), tmx).unwrap();
    fs::write(
        dir.path().join("broken.xlf"),
        "<xliff><file><body>\n<trans-unit id=\"a\"><source>x</sourc>",
    )
    .unwrap();
    fs::write(dir.path().join("ok.txt"), "قال مظلوم عبادي.\n").unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "concise", "memory.tmx", "broken.xlf", "ok.txt"],
        None,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("broken.xlf: malformed XML at line 2"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("memory.tmx:4:") && run.stdout.contains("source-month-mismatch"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("ok.txt:1:5: error[mazloum-abdi]"),
        "other inputs are linted: {}",
        run.stdout
    );
}

#[test]
fn references_in_exchange_files_are_read_as_their_characters() {
    let dir = tempfile::tempdir().unwrap();
    // «عب&#1575;دي»: the name's alef written as a character reference; the
    // link's `&amp;` on both sides; `AT&amp;T` in the original and its
    // translation.
    let xliff = r#"<xliff version="2.0" srcLang="en" trgLang="ar"><file id="f"><unit id="u1"><segment>
<source>Mazloum Abdi of AT&amp;T spoke, see https://example.com/a?b=1&amp;c=2 now.</source>
<target>قال مظلوم عب&#1575;دي من AT&amp;T، انظر https://example.com/a?b=1&amp;c=2 الآن.</target>
</segment></unit></file></xliff>
"#;
    fs::write(dir.path().join("refs.xlf"), xliff).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "refs.xlf"], None);
    let found = json(&run);
    let name = found
        .iter()
        .find(|d| d["rule"] == "mazloum-abdi")
        .unwrap_or_else(|| panic!("the name is read through its reference: {found:#?}"));
    let span = name["start"].as_u64().unwrap() as usize..name["end"].as_u64().unwrap() as usize;
    assert_eq!(
        &xliff[span], "مظلوم عب&#1575;دي",
        "the span covers the reference as written"
    );
    assert!(
        name["fix"].is_null(),
        "no fix writes a character over a reference: {name:#}"
    );
    assert!(
        name["message"].as_str().unwrap().contains("«مظلوم عبادي»"),
        "the message quotes the character, not the filler: {name:#}"
    );
    assert!(
        found.iter().all(|d| !d["rule"].as_str().unwrap().starts_with("url-")
            && d["rule"] != "source-url-mismatch"
            && d["rule"] != "invisible-in-word"),
        "the link with `&amp;` is one unbroken link, the same as the original's: {found:#?}"
    );
    // --fix leaves the references as they are.
    mtlint_in(dir.path(), &["check", "--fix", "refs.xlf"], None);
    let fixed = fs::read_to_string(dir.path().join("refs.xlf")).unwrap();
    assert!(
        fixed.contains("عب&#1575;دي") && fixed.contains("b=1&amp;c=2 الآن"),
        "{fixed}"
    );
}
