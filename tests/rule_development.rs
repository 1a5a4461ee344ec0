//! The rule author's tools: `mtlint test`, and the pre-commit hooks.

mod common;

use common::{mtlint, mtlint_in, repo};
use std::path::Path;
use std::process::Command;

#[test]
fn bundled_packs_pass_mtlint_test() {
    let run = mtlint(&["test"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(run.stdout.contains(" passed, 0 failed"), "{}", run.stdout);
}

#[test]
fn mtlint_test_reports_each_kind_of_broken_example() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        common::repo().join("tests/fixtures/broken-examples.toml"),
        dir.path().join("broken.toml"),
    )
    .unwrap();
    let run = mtlint_in(dir.path(), &["test", "broken.toml"], None);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(
        out.contains("FAIL not-reported") && out.contains("bad example not reported: [[خلايا]]"),
        "{out}"
    );
    assert!(
        out.contains("FAIL wrong-span") && out.contains("reported at the wrong span") && out.contains("expected: «في»"),
        "{out}"
    );
    assert!(
        out.contains("FAIL good-reported") && out.contains("good example reported: قال <U+202E>الزنازين"),
        "invisible characters are named: {out}"
    );
    assert!(
        out.contains("FAIL fix-retriggers") && out.contains("fix does not resolve the finding"),
        "{out}"
    );
    assert!(
        out.contains("FAIL no-bad-example") && out.contains("has no bad example"),
        "{out}"
    );
    assert!(!out.contains("FAIL all-good"), "{out}");
    assert!(out.contains("1 passed, 5 failed"), "{out}");
}

/// The `entry` and `files` of a hook in `.pre-commit-hooks.yaml`.
fn hook(id: &str) -> (String, regex::Regex) {
    let text = std::fs::read_to_string(repo().join(".pre-commit-hooks.yaml")).unwrap();
    let block = text
        .split("- id: ")
        .find(|b| b.starts_with(&format!("{id}\n")))
        .expect("hook defined");
    let field = |name: &str| {
        block
            .lines()
            .find_map(|l| l.trim().strip_prefix(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name} in hook {id}"))
            .to_string()
    };
    (field("entry"), regex::Regex::new(&field("files")).unwrap())
}

fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// What pre-commit does: run the hook's entry on the staged files its
/// `files` pattern selects.
fn run_hook(dir: &Path, id: &str) -> (i32, String) {
    let (entry, files) = hook(id);
    let staged: Vec<String> = git(dir, &["diff", "--cached", "--name-only"])
        .lines()
        .filter(|f| files.is_match(f))
        .map(str::to_string)
        .collect();
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("mtlint"));
    let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(words)
        .args(&staged)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn pre_commit_hooks_run_on_staged_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.email", "test@example.invalid"]);
    git(root, &["config", "user.name", "test"]);
    std::fs::write(root.join("clean.md"), "# خبر\n\nاندلعت الحرب في عام 2011.\n").unwrap();
    std::fs::write(root.join("article.txt"), "قال المتحدث ، إن السجناء اندلعوا.\n").unwrap();
    std::fs::write(root.join("notes.rs"), "// قال المتحدث ، إن\n").unwrap();
    std::fs::write(root.join("unstaged.txt"), "قال المتحدث ، إن\n").unwrap();
    git(root, &["add", "clean.md", "article.txt", "notes.rs"]);

    let (code, out) = run_hook(root, "mtlint");
    assert_eq!(code, 1, "the commit is blocked: {out}");
    assert!(
        out.contains("article.txt") && out.contains("broke-out-for-escaped"),
        "{out}"
    );
    assert!(
        !out.contains("notes.rs") && !out.contains("unstaged.txt"),
        "only staged text files: {out}"
    );

    let (code, out) = run_hook(root, "mtlint-fix");
    assert_eq!(code, 0, "everything left was fixed: {out}");
    assert_eq!(
        std::fs::read_to_string(root.join("article.txt")).unwrap(),
        "قال المتحدث، إن السجناء فرّوا.\n"
    );
    assert_eq!(
        std::fs::read_to_string(root.join("unstaged.txt")).unwrap(),
        "قال المتحدث ، إن\n",
        "unstaged files untouched"
    );
    git(root, &["add", "article.txt"]);
    assert_eq!(run_hook(root, "mtlint").0, 0, "the commit now passes");
}
