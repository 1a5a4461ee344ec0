//! `mtlint.toml`: discovery, precedence, and errors.

mod common;

use common::{json, mtlint, mtlint_in};
use std::path::Path;

const ARTICLE: &str = "قال المتحدث ، إن مظلوم عبادي وصل  اليوم.\n";

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn rule_ids(dir: &Path, args: &[&str]) -> Vec<String> {
    let mut full = vec!["check", "--format", "json"];
    full.extend_from_slice(args);
    let run = mtlint_in(dir, &full, None);
    assert_ne!(run.code, 2, "{}", run.stderr);
    json(&run)
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn nearest_config_wins_and_flags_override_it() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "mtlint.toml", "ignore = [\"double-space\"]\n");
    write(root, "a.txt", ARTICLE);
    write(root, "sub/mtlint.toml", "select = [\"mazloum-abdi\"]\n");
    write(root, "sub/b.txt", ARTICLE);
    assert_eq!(rule_ids(root, &["a.txt"]), ["space-before-punctuation", "mazloum-abdi"]);
    assert_eq!(
        rule_ids(root, &["sub/b.txt"]),
        ["mazloum-abdi"],
        "the subdirectory's own config"
    );
    assert_eq!(
        rule_ids(root, &["--select", "space-before", "sub/b.txt"]),
        ["space-before-punctuation"],
        "--select replaces select"
    );
    assert_eq!(
        rule_ids(root, &["--ignore", "mazloum-abdi", "a.txt"]),
        ["space-before-punctuation"],
        "--ignore adds to ignore"
    );
    assert_eq!(
        rule_ids(root, &["--isolated", "a.txt"]).len(),
        3,
        "--isolated ignores config files"
    );
    assert_eq!(
        rule_ids(root, &["--config", "sub/mtlint.toml", "a.txt"]),
        ["mazloum-abdi"],
        "--config is used for every file"
    );
}

#[test]
fn severity_overrides_per_file_ignores_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "mtlint.toml",
        "fail-on = \"error\"\n[severity]\nspace-before-punctuation = \"info\"\n[per-file-ignores]\n\"drafts/**\" = [\"mazloum-abdi\"]\n",
    );
    write(root, "a.txt", ARTICLE);
    write(root, "drafts/b.txt", ARTICLE);
    let run = mtlint_in(root, &["check", "--format", "json", "a.txt", "drafts/b.txt"], None);
    let found = json(&run);
    let summary: Vec<(String, String, String)> = found
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["rule"].as_str().unwrap().into(),
                d["severity"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(summary.contains(&("a.txt".into(), "space-before-punctuation".into(), "info".into())));
    assert!(summary.contains(&("a.txt".into(), "mazloum-abdi".into(), "error".into())));
    assert!(
        !summary
            .iter()
            .any(|(p, r, _)| p == "drafts/b.txt" && r == "mazloum-abdi")
    );
    assert_eq!(run.code, 1, "an error fails the run");
    let drafts = mtlint_in(root, &["check", "drafts/b.txt"], None);
    assert_eq!(drafts.code, 0, "only infos left, below fail-on = error");
    assert_eq!(
        mtlint_in(root, &["check", "--fail-on", "info", "drafts/b.txt"], None).code,
        1
    );
}

#[test]
fn include_and_exclude_shape_directory_walks() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "mtlint.toml", "exclude = [\"archive/**\"]\n");
    write(root, "news/a.txt", ARTICLE);
    write(root, "archive/old.txt", ARTICLE);
    write(root, ".gitignore", "ignored/\n");
    write(root, "ignored/c.txt", ARTICLE);
    let run = mtlint_in(root, &["check", "--format", "json", "."], None);
    let paths: std::collections::BTreeSet<String> = json(&run)
        .iter()
        .map(|d| d["path"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(paths.into_iter().collect::<Vec<_>>(), ["./news/a.txt"]);
}

#[test]
fn bad_config_points_into_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", ARTICLE);
    for (text, expect) in [
        ("selct = [\"x\"]\n", "selct"),
        (
            "ignore = [\"no-such-rule\"]\n",
            "no rule is called or starts with «no-such-rule»",
        ),
        ("fail-on = \"fatal\"\n", "fail-on"),
        ("[severity]\nno-such-rule = \"error\"\n", "no rule «no-such-rule»"),
        (
            "[rule-options.no-such-rule]\nallow = [\"x\"]\n",
            "no rule «no-such-rule» takes options",
        ),
        ("known-words-files = [\"missing.txt\"]\n", "cannot read the word list"),
    ] {
        write(root, "mtlint.toml", text);
        let run = mtlint_in(root, &["check", "a.txt"], None);
        assert_eq!(run.code, 2, "{text}");
        assert!(run.stderr.contains("mtlint.toml"), "names the file: {}", run.stderr);
        assert!(run.stderr.contains(expect), "«{expect}» in {}", run.stderr);
        assert!(run.stderr.contains("┌─"), "points into the file: {}", run.stderr);
    }
}

#[test]
fn init_writes_a_starter_config_once() {
    let dir = tempfile::tempdir().unwrap();
    let run = mtlint_in(dir.path(), &["init"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("mtlint.toml")).unwrap();
    assert!(text.contains("fail-on"));
    write(dir.path(), "a.txt", ARTICLE);
    assert_eq!(
        mtlint_in(dir.path(), &["check", "a.txt"], None).code,
        1,
        "the starter config is valid"
    );
    let again = mtlint_in(dir.path(), &["init"], None);
    assert_eq!(again.code, 2);
    assert!(again.stderr.contains("already exists"));
}

#[test]
fn known_words_silence_every_rule_on_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    // A name pair and a doubled word, each a finding without a word list.
    let text = "قال الحاكم بريتزكي إن الولاية مستعدة. وأضاف بريتزكي أن الدعم وصل. وانتقد بريتسكي الحكومة.\n\nذهب في في الصباح.\n";
    write(root, "a.txt", text);
    let before = rule_ids(root, &["a.txt"]);
    assert!(before.contains(&"inconsistent-name-spelling".to_string()), "{before:?}");
    assert!(before.contains(&"doubled-word".to_string()), "{before:?}");
    write(
        root,
        "mtlint.toml",
        "known-words = [\"بريتسكي\"]\nknown-words-files = [\"words.txt\"]\n",
    );
    write(root, "words.txt", "# house words\nفي\n");
    let after = rule_ids(root, &["a.txt"]);
    assert!(!after.contains(&"inconsistent-name-spelling".to_string()), "{after:?}");
    assert!(!after.contains(&"doubled-word".to_string()), "{after:?}");
}

#[test]
fn rule_options_extend_a_rules_own() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", "سار البيت البيت في الحي.\n");
    assert!(rule_ids(root, &["a.txt"]).contains(&"doubled-word".to_string()));
    write(
        root,
        "mtlint.toml",
        "[rule-options.doubled-word]\nallow = [\"البيت\"]\n",
    );
    assert!(!rule_ids(root, &["a.txt"]).contains(&"doubled-word".to_string()));
    // The rule's own allow-list still holds.
    write(root, "b.txt", "مشى رويدا رويدا ثم قال في في البيت.\n");
    assert_eq!(
        rule_ids(root, &["b.txt"])
            .iter()
            .filter(|r| *r == "doubled-word")
            .count(),
        1,
        "only «في في»"
    );
}

#[test]
fn force_exclude_applies_exclude_to_named_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "mtlint.toml", "exclude = [\"drafts/**\"]\n");
    write(root, "drafts/a.txt", ARTICLE);
    write(root, "b.txt", ARTICLE);
    // A file named on the command line is linted, as ruff does without
    // --force-exclude …
    assert!(!rule_ids(root, &["drafts/a.txt"]).is_empty());
    // … and skipped with it, as the pre-commit hooks call mtlint.
    let run = mtlint_in(root, &["check", "--force-exclude", "drafts/a.txt"], None);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(rule_ids(root, &["--force-exclude", "drafts/a.txt"]).is_empty());
    assert!(!rule_ids(root, &["--force-exclude", "drafts/a.txt", "b.txt"]).is_empty());
    let hooks = std::fs::read_to_string(common::repo().join(".pre-commit-hooks.yaml")).unwrap();
    assert!(
        hooks
            .lines()
            .filter(|l| l.trim_start().starts_with("entry:"))
            .all(|l| l.contains("--force-exclude")),
        "the pre-commit hooks pass --force-exclude"
    );
}

#[test]
fn explain_and_rules_know_the_configs_packs() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "mtlint.toml", "rules = [\"house.toml\"]\n");
    write(
        root,
        "house.toml",
        "[[term]]\nid = \"house-daesh\"\nseverity = \"warning\"\nmessage = \"«{found}»: write «تنظيم الدولة»\"\nfind = [\"داعش\"]\nexamples.bad = [\"قال [[داعش]] إن\"]\n",
    );
    write(root, "a.txt", "قال داعش إن الهجوم نجح.\n");
    assert_eq!(rule_ids(root, &["a.txt"]), ["house-daesh"]);
    let explain = mtlint_in(root, &["explain", "house-daesh"], None);
    assert_eq!(explain.code, 0, "{}", explain.stderr);
    assert!(explain.stdout.contains("house-daesh"), "{}", explain.stdout);
    let rules = mtlint_in(root, &["rules"], None);
    assert!(rules.stdout.contains("house-daesh"), "{}", rules.stdout);
}

#[test]
fn a_mistyped_rule_id_gets_a_suggestion_and_ruffs_flag_is_understood() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", ARTICLE);
    write(root, "mtlint.toml", "ignore = [\"doubled-wrd\"]\n");
    let run = mtlint_in(root, &["check", "a.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("did you mean «doubled-word»"), "{}", run.stderr);
    std::fs::remove_file(root.join("mtlint.toml")).unwrap();
    let run = mtlint_in(root, &["check", "--ignore", "mazlum-abdi", "a.txt"], None);
    assert!(run.stderr.contains("did you mean «mazloum-abdi»"), "{}", run.stderr);
    let run = mtlint_in(root, &["check", "--output-format", "json", "a.txt"], None);
    assert!(!json(&run).is_empty(), "--output-format is --format");
}

/// Every mistake in a configuration and its packs is reported by one run,
/// not one stage per run: a bad glob, a missing pack, a pack that does not
/// compile, a missing word list, and (when every pack compiles) rule ids
/// that name nothing.
#[test]
fn every_config_mistake_is_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "a.txt", ARTICLE);
    write(
        root,
        "mtlint.toml",
        "exclude = [\"drafts/[\"]\nrules = [\"missing.toml\", \"broken.toml\"]\nknown-words-files = [\"absent-words.txt\"]\n",
    );
    write(root, "broken.toml", "[[term]]\nid = \"house-x\"\n");
    let run = mtlint_in(root, &["check", "a.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    common::assert_mentions(
        &run.stderr,
        &["drafts/[", "missing.toml", "broken.toml", "absent-words.txt"],
    );
    // With the packs whole, unknown rule ids join the other mistakes.
    write(
        root,
        "mtlint.toml",
        "exclude = [\"drafts/[\"]\nselect = [\"mazlum-abdi\"]\nknown-words-files = [\"absent-words.txt\"]\n[severity]\ndoubled-wrd = \"error\"\n",
    );
    let run = mtlint_in(root, &["check", "--ignore", "zzz-nothing", "a.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    common::assert_mentions(
        &run.stderr,
        &[
            "drafts/[",
            "absent-words.txt",
            "did you mean «mazloum-abdi»",
            "did you mean «doubled-word»",
            "«zzz-nothing»",
        ],
    );
}

/// Rules left out by `--select`/`--ignore` are not compiled or run; what
/// is reported is exactly the full run's findings of the selected rules.
#[test]
fn a_selection_reports_what_the_full_run_reports_for_those_rules() {
    let seed = common::seed_article();
    let seed = seed.to_str().unwrap();
    let full = json(&mtlint(&["check", "--format", "json", seed]));
    let rule = |d: &serde_json::Value| d["rule"].as_str().unwrap().to_string();
    for selection in [
        vec!["--select", "mazloum-abdi"],
        vec!["--select", "url-"],
        vec!["--select", "sleeper-cells-as-prison-cells,space-before-punctuation"],
        vec!["--ignore", "space-before-punctuation"],
    ] {
        let mut args = vec!["check", "--format", "json"];
        args.extend(&selection);
        args.push(seed);
        let selected = json(&mtlint(&args));
        let (flag, list) = (selection[0], selection[1]);
        let chosen = |id: &str| {
            list.split(',')
                .any(|s| id == s || (s.ends_with('-') && id.starts_with(s)))
        };
        let expected: Vec<&serde_json::Value> = full
            .iter()
            .filter(|d| {
                if flag == "--select" {
                    chosen(&rule(d))
                } else {
                    !chosen(&rule(d))
                }
            })
            .collect();
        assert!(!expected.is_empty(), "{selection:?}");
        assert_eq!(selected.iter().collect::<Vec<_>>(), expected, "{selection:?}");
    }
}

/// A directive naming a rule that did not run is not "unused": it may well
/// be needed when the rule runs.
#[test]
fn directives_for_rules_that_did_not_run_are_not_unused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "a.txt",
        "قال ذلك.\nmtlint-disable-next-line mazloum-abdi\nقال مظلوم عبادي ذلك.\n",
    );
    let run = mtlint_in(
        root,
        &[
            "check",
            "--format",
            "json",
            "--select",
            "double-space,unused-suppression",
            "a.txt",
        ],
        None,
    );
    assert_eq!(json(&run), Vec::<serde_json::Value>::new(), "{}", run.stderr);
    // Without the selection the directive is used; with the rule's finding
    // gone it is reported.
    write(
        root,
        "b.txt",
        "قال ذلك.\nmtlint-disable-next-line mazloum-abdi\nقال مظلوم عبدي ذلك.\n",
    );
    assert_eq!(rule_ids(root, &["b.txt"]), ["unused-suppression"]);
}
