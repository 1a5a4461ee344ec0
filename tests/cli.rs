//! The command line: output formats, exit codes, and bad input.

mod common;

use common::{json, mtlint, mtlint_in, seed_article};

#[test]
fn human_output_on_seed_article() {
    let run = mtlint(&["check", "examples/hasakah-prison-attack.ar.txt"]);
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains('\u{1b}'),
        "no colour when NO_COLOR is set or output is not a terminal"
    );
    insta::assert_snapshot!("seed_human", run.stdout);
}

#[test]
fn jsonl_has_one_object_per_line_matching_json() {
    let path = seed_article();
    let lines = mtlint(&["check", "--format", "jsonl", path.to_str().unwrap()]);
    let array = json(&mtlint(&["check", "--format", "json", path.to_str().unwrap()]));
    let objects: Vec<serde_json::Value> = lines.stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(objects, array);
}

#[test]
fn stdin_is_linted_as_dash() {
    let run = mtlint_in(
        &common::repo(),
        &["check", "--format", "json", "-"],
        Some("قال مظلوم عبادي إن الهجوم فشل."),
    );
    assert_eq!(run.code, 1);
    let d = json(&run);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["path"], "-");
    assert_eq!(d[0]["rule"], "mazloum-abdi");
    assert_eq!(d[0]["fix"]["replacement"], "عبدي");
}

#[test]
fn clean_text_exits_zero() {
    let run = mtlint_in(&common::repo(), &["check", "-"], Some("اندلعت الحرب في عام 2011.\n"));
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.contains("0 errors, 0 warnings, 0 infos in 1 file"),
        "{}",
        run.stdout
    );
}

#[test]
fn listed_word_matches_with_clitics_and_tashkeel_but_not_inside_longer_words() {
    let text = "حشد وبزنازينِه النائمة. غرفة الزنزانات النائمة؟ لا: الزنزانات النائمين والزنازينية نائمة.";
    let run = mtlint_in(&common::repo(), &["check", "--format", "json", "-"], Some(text));
    let found: Vec<String> = json(&run)
        .iter()
        .filter(|d| d["rule"] == "sleeper-cells-as-prison-cells")
        .map(|d| text[d["start"].as_u64().unwrap() as usize..d["end"].as_u64().unwrap() as usize].to_string())
        .collect();
    assert_eq!(found, ["وبزنازينِه النائمة", "الزنزانات النائمة"]);
}

#[test]
fn invalid_utf8_is_reported_with_byte_offset_and_other_files_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.txt"), b"\xd8\xa7 \xff\xfe").unwrap();
    std::fs::write(dir.path().join("good.txt"), "قال مظلوم عبادي").unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "bad.txt", "good.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("bad.txt: invalid UTF-8 at byte 3"),
        "{}",
        run.stderr
    );
    let d = json(&run);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0]["path"], "good.txt");
}

#[test]
fn missing_file_is_an_error_and_others_are_still_reported() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.txt"), "قال مظلوم عبادي").unwrap();
    let run = mtlint_in(dir.path(), &["check", "missing.txt", "good.txt"], None);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("missing.txt: no such file or directory"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("mazloum-abdi"), "{}", run.stdout);
}

#[test]
fn directory_without_text_files_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("image.png"), b"\x89PNG").unwrap();
    let run = mtlint_in(dir.path(), &["check", "."], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("no text files"), "{}", run.stderr);
}

#[test]
fn broken_rule_file_points_into_the_toml_and_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("article.txt"), "قال مظلوم عبادي").unwrap();
    let cases = [
        (
            "unknown.toml",
            "[[term]]\nid = \"x\"\nmessage = \"m\"\nfind = [\"كلمة\"]\nsevrity = \"error\"\n",
            "sevrity",
        ),
        (
            "regex.toml",
            "[[pattern]]\nid = \"bad-regex\"\nmessage = \"m\"\nregex = \"(unclosed\"\n",
            "invalid regex",
        ),
        (
            "empty.toml",
            "[[term]]\nid = \"empty-find\"\nmessage = \"m\"\nfind = []\n",
            "`find` is empty",
        ),
        (
            "dup.toml",
            "[[term]]\nid = \"mazloum-abdi\"\nmessage = \"m\"\nfind = [\"كلمة\"]\n",
            "duplicate rule id",
        ),
        (
            "id.toml",
            "[[term]]\nid = \"Not Kebab\"\nmessage = \"m\"\nfind = [\"كلمة\"]\n",
            "not kebab-case",
        ),
        (
            "huge.toml",
            "[[pattern]]\nid = \"huge\"\nmessage = \"m\"\nregex = '\\w{1000}\\w{1000}\\w{1000}'\n",
            "limit",
        ),
    ];
    for (file, text, expect) in cases {
        std::fs::write(dir.path().join(file), text).unwrap();
        let run = mtlint_in(dir.path(), &["check", "--rules", file, "article.txt"], None);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(
            run.stderr.contains(file),
            "{file}: error names the file: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains(expect),
            "{file}: expected «{expect}» in: {}",
            run.stderr
        );
        assert!(
            run.stderr.contains("┌─"),
            "{file}: a codespan snippet into the TOML: {}",
            run.stderr
        );
        assert!(run.stdout.is_empty(), "{file}: nothing is linted with broken rules");
    }
}

#[test]
fn user_rule_pack_extends_the_bundled_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("house.toml"),
        "[[term]]\nid = \"house-style\"\nmessage = \"«{found}»: write «الخلايا»\"\nfind = [\"الخلية\"]\nreplace = { \"الخلية\" = \"الخلايا\" }\nexamples = { bad = [\"[[الخلية]]\"], good = [\"الخلايا\"] }\n",
    )
    .unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "--rules", ".", "-"],
        Some("وللخليةِ"),
    );
    let d = json(&run);
    assert_eq!(d.len(), 1, "{}", run.stdout);
    assert_eq!(d[0]["rule"], "house-style");
    assert_eq!(d[0]["fix"]["replacement"], "وللخلايا");
}

#[test]
fn rules_lists_and_explain_describes() {
    let run = mtlint(&["rules"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with("broke-out-for-escaped") && l.contains(" fix "))
    );
    // The ids are padded to one width: every kind starts in one column.
    let kind_columns: std::collections::BTreeSet<usize> = run
        .stdout
        .lines()
        .map(|l| {
            let after_id = &l[l.find(' ').unwrap()..];
            l.len() - after_id.trim_start().len()
        })
        .collect();
    assert_eq!(kind_columns.len(), 1, "{}", run.stdout);
    let run = mtlint(&["explain", "sleeper-cells-as-prison-cells"]);
    assert_eq!(run.code, 0);
    assert!(run.stdout.contains("خلية"), "{}", run.stdout);
    assert!(run.stdout.contains("## Reported"));
    let run = mtlint(&["explain", "no-such-rule"]);
    assert_eq!(run.code, 2);
}

#[test]
fn usage_error_exits_2() {
    let run = mtlint(&["check", "--format", "xml"]);
    assert_eq!(run.code, 2);
}

#[test]
fn info_is_named_info_and_color_always_beats_no_color() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "قال  المتحدث إن الهجوم فشل.\n").unwrap();
    // mtlint_in sets NO_COLOR=1, as a user's shell may.
    let plain = common::mtlint_in(dir.path(), &["check", "a.txt"], None);
    assert!(plain.stdout.contains("info[double-space]"), "{}", plain.stdout);
    assert!(!plain.stdout.contains("note["), "{}", plain.stdout);
    assert!(!plain.stdout.contains('\u{1b}'), "NO_COLOR alone: no colour");
    let forced = common::mtlint_in(dir.path(), &["check", "--color", "always", "a.txt"], None);
    assert!(
        forced.stdout.contains('\u{1b}'),
        "--color always wins: {}",
        forced.stdout
    );
}

#[test]
fn everyday_flags() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // An info (double space), a warning (space before a comma) and an error.
    std::fs::write(root.join("a.txt"), "قال  المتحدث ، إن مظلوم عبادي وصل.\n").unwrap();
    std::fs::create_dir(root.join("sub")).unwrap();
    std::fs::write(root.join("sub/b.md"), "نص سليم.\n").unwrap();
    let severities = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["check", "--format", "json"];
        full.extend_from_slice(args);
        full.push("a.txt");
        json(&common::mtlint_in(root, &full, None))
            .iter()
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(severities(&[]), ["info", "warning", "error"]);
    assert_eq!(severities(&["--min-severity", "warning"]), ["warning", "error"]);
    assert_eq!(severities(&["--min-severity", "error"]), ["error"]);

    let findings = common::mtlint_in(root, &["check", "a.txt"], None);
    assert_eq!(findings.code, 1);
    let zero = common::mtlint_in(root, &["check", "--exit-zero", "a.txt"], None);
    assert_eq!(zero.code, 0, "--exit-zero");
    assert_eq!(zero.stdout, findings.stdout, "same report");
    let missing = common::mtlint_in(root, &["check", "--exit-zero", "missing.txt"], None);
    assert_eq!(missing.code, 2, "input errors still fail");

    let quiet = common::mtlint_in(root, &["check", "--quiet", "a.txt"], None);
    assert!(quiet.stdout.contains("error[mazloum-abdi]"));
    assert!(!quiet.stdout.contains("in 1 file"), "no summary: {}", quiet.stdout);
    assert!(!quiet.stdout.contains("fixable"), "{}", quiet.stdout);

    let files = common::mtlint_in(root, &["check", "--show-files", "."], None);
    assert_eq!(files.code, 0);
    let listed: Vec<&str> = files.stdout.lines().collect();
    assert_eq!(listed.len(), 2, "{listed:?}");
    assert!(
        listed[0].ends_with("a.txt") && listed[1].ends_with("b.md"),
        "{listed:?}"
    );

    std::fs::write(
        root.join("mtlint.toml"),
        "ignore = [\"double-space\"]\n[severity]\ndoubled-word = \"error\"\n[per-file-ignores]\n\"sub/**\" = [\"url-\"]\n",
    )
    .unwrap();
    let settings = common::mtlint_in(root, &["check", "--show-settings", "sub/b.md"], None);
    assert_eq!(settings.code, 0, "{}", settings.stderr);
    common::assert_mentions(
        &settings.stdout,
        &[
            "mtlint.toml",
            "ignore: double-space",
            "per-file ignores for this file: url-",
            "doubled-word = error",
            "fail-on: warning",
        ],
    );
}

#[test]
fn columns_agree_across_formats_in_a_file_with_a_byte_order_mark_and_a_hidden_character() {
    // The human output used to show a copy of the whole file with the
    // hidden character (and the byte-order mark) made visible, and counted
    // the mark as a column there: one more than every other format.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "\u{FEFF}قال مظلوم عبادي إن السجناء اندلعوا من السجن\u{200F}.\n",
    )
    .unwrap();
    let human = common::mtlint_in(dir.path(), &["check", "a.txt"], None);
    let found = json(&common::mtlint_in(
        dir.path(),
        &["check", "--format", "json", "a.txt"],
        None,
    ));
    assert!(found.len() >= 2, "{found:?}");
    for finding in &found {
        let place = format!("a.txt:{}:{}", finding["line"], finding["column"]);
        assert!(human.stdout.contains(&place), "{place} in {}", human.stdout);
    }
    assert!(!human.stdout.contains('\u{200F}'), "{}", human.stdout);
}

#[test]
fn a_long_line_is_shown_as_a_window_around_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let line = format!(
        "{}قال المتحدث ، إن الهجوم فشل. {}\n",
        "كلمة ".repeat(300),
        "كلمة ".repeat(300)
    );
    std::fs::write(dir.path().join("a.txt"), &line).unwrap();
    let human = common::mtlint_in(dir.path(), &["check", "a.txt"], None);
    let longest = human.stdout.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(
        longest < 200,
        "a window, not the {}-character line: {longest}",
        line.chars().count()
    );
    assert!(human.stdout.contains('…'), "{}", human.stdout);
    assert!(
        human.stdout.contains("المتحدث ،"),
        "the span and its context: {}",
        human.stdout
    );
    let found = json(&common::mtlint_in(
        dir.path(),
        &["check", "--format", "json", "a.txt"],
        None,
    ));
    let column = found[0]["column"].as_u64().unwrap();
    assert!(
        human.stdout.contains(&format!("a.txt:1:{column}")),
        "the file's column, not the window's: {}",
        human.stdout
    );
}

#[test]
fn a_url_never_gets_a_second_query_from_a_safe_fix() {
    let dir = tempfile::tempdir().unwrap();
    let text = "شاهد https://www.youtube.com/watch؟v=abc وأيضا https://example.com/a?b=1؟c=2 الآن.\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let run = common::mtlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(fixed.contains("watch?v=abc"), "{fixed}");
    assert!(fixed.contains("a?b=1؟c=2"), "the second ؟ waits for a reader: {fixed}");
}

#[test]
fn no_fix_is_promised_where_markup_forbids_it() {
    let dir = tempfile::tempdir().unwrap();
    let paragraph = "قال **المتحدث** إن القوات أعادت القبض على السجناء الفارين بعد الهجوم على السجن.";
    std::fs::write(dir.path().join("a.md"), format!("{paragraph}\n\n{paragraph}\n")).unwrap();
    let found = json(&common::mtlint_in(
        dir.path(),
        &["check", "--format", "json", "a.md"],
        None,
    ));
    let duplicate = found
        .iter()
        .find(|d| d["rule"] == "duplicated-paragraph")
        .expect("the copy is reported");
    assert!(duplicate["fix"].is_null(), "a fix across ** is dropped: {duplicate}");
    let human = common::mtlint_in(dir.path(), &["check", "a.md"], None);
    assert!(!human.stdout.contains("fix deletes"), "{}", human.stdout);
    assert!(
        !human.stdout.contains("unsafe fix available: remove"),
        "{}",
        human.stdout
    );
}
