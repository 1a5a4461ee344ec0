//! `--fix`, `--diff`, `--unsafe-fixes`, and writes that never lose a file.

mod common;

use common::{json, mtlint_in, seed_article, shared};
use std::path::Path;

fn copy_seed(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("article.txt");
    std::fs::copy(seed_article(), &path).unwrap();
    path
}

/// Byte ranges of `before` that differ in `after`, as ranges of `before`.
fn changed_ranges(before: &str, after: &str) -> Vec<std::ops::Range<usize>> {
    let diff = similar::TextDiff::from_chars(before, after);
    let mut ranges = Vec::new();
    let mut at = 0;
    for change in diff.iter_all_changes() {
        let len = change.value().len();
        match change.tag() {
            similar::ChangeTag::Equal => at += len,
            similar::ChangeTag::Delete => {
                ranges.push(at..at + len);
                at += len;
            }
            similar::ChangeTag::Insert => ranges.push(at..at),
        }
    }
    ranges
}

#[test]
fn fix_repairs_the_seed_and_touches_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_seed(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    let before = json(&mtlint_in(
        dir.path(),
        &["check", "--format", "json", "article.txt"],
        None,
    ));
    let safe_spans: Vec<std::ops::Range<usize>> = before
        .iter()
        .filter(|d| d["fix"]["applicability"] == "safe")
        .map(|d| d["fix"]["start"].as_u64().unwrap() as usize..d["fix"]["end"].as_u64().unwrap() as usize)
        .collect();
    assert!(safe_spans.len() >= 10, "the seed has many findings with safe fixes");

    let run = mtlint_in(dir.path(), &["check", "--fix", "article.txt"], None);
    assert_eq!(run.code, 1, "findings without a safe fix remain: {}", run.stdout);
    assert!(
        run.stdout
            .contains(&format!("fixed {} findings in 1 file", safe_spans.len())),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("more with --fix --unsafe-fixes"), "{}", run.stdout);
    let fixed = std::fs::read_to_string(&path).unwrap();

    // Many places are repaired (a paragraph's repeated slips are one
    // finding with one fix for all of them), and every changed byte lies
    // inside a span a safe fix reported.
    let changed = changed_ranges(&original, &fixed);
    assert!(changed.len() >= 20, "the seed has many safe repairs: {}", changed.len());
    for changed in changed {
        assert!(
            safe_spans
                .iter()
                .any(|s| s.start <= changed.start && changed.end <= s.end),
            "bytes {changed:?} («{}») changed outside every fix span",
            &original[changed.clone()]
        );
    }
    // Nothing safe is left to fix, and a second run changes nothing.
    let after = json(&mtlint_in(
        dir.path(),
        &["check", "--format", "json", "article.txt"],
        None,
    ));
    assert!(after.iter().all(|d| d["fix"]["applicability"] != "safe"), "{after:?}");
    let again = mtlint_in(dir.path(), &["check", "--fix", "article.txt"], None);
    assert!(again.stdout.contains("nothing to fix"), "{}", again.stdout);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn fix_applies_every_expected_fix_of_the_seed() {
    let Some(expected) = shared("seed/expected.toml") else {
        return;
    };
    let expected: toml::Table = toml::from_str(&std::fs::read_to_string(expected).unwrap()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = copy_seed(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    mtlint_in(dir.path(), &["check", "--fix", "article.txt"], None);
    let fixed = std::fs::read_to_string(&path).unwrap();
    let line = |text: &str, n: usize| text.lines().nth(n - 1).unwrap().to_string();
    for f in expected["finding"].as_array().unwrap() {
        let (Some(fix), true) = (f.get("fix").and_then(toml::Value::as_str), f["must"].as_bool().unwrap()) else {
            continue;
        };
        let n = f["line"].as_integer().unwrap() as usize;
        let text = f["text"].as_str().unwrap();
        // The safe fixes: spaces before commas, the ؟ in URLs, terms, names.
        // The place-name spelling is an unsafe fix (which spelling is right is
        // an editor's call) and is checked below.
        if f["class"].as_str().unwrap().contains("inconsistent spelling") {
            continue;
        }
        let was = line(&original, n);
        let now = line(&fixed, n);
        assert!(!now.contains(text), "line {n}: «{text}» still there: {now}");
        assert!(
            now.contains(fix.trim()),
            "line {n}: fix «{fix}» not applied: {now} (was {was})"
        );
    }
    assert!(line(&fixed, 29).contains("watch?v="));
    mtlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "article.txt"], None);
    // Unsafe fixes also delete the duplicated paragraphs, so lines move.
    let unsafe_fixed = std::fs::read_to_string(&path).unwrap();
    assert!(unsafe_fixed.contains("المحيطة بالغويران مع"));
    assert_eq!(
        unsafe_fixed.matches("كان هجوم داعش في الحسكة").count(),
        1,
        "the repeated lead is gone"
    );
}

#[test]
fn diff_prints_changes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = copy_seed(dir.path());
    let original = std::fs::read(&path).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--diff", "article.txt"], None);
    assert_eq!(run.code, 1, "changes would be made");
    assert!(
        run.stdout.starts_with("--- a/article.txt\n+++ b/article.txt\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("-https://www.youtube.com/watch؟v=jZk58E9KU4Y"));
    assert!(run.stdout.contains("+https://www.youtube.com/watch?v=jZk58E9KU4Y"));
    assert!(
        !run.stdout.contains("بالغويران"),
        "unsafe fixes only with --unsafe-fixes"
    );
    assert_eq!(std::fs::read(&path).unwrap(), original);
    let unsafe_run = mtlint_in(dir.path(), &["check", "--diff", "--unsafe-fixes", "article.txt"], None);
    assert!(unsafe_run.stdout.contains("بالغويران"));
    std::fs::write(dir.path().join("clean.txt"), "اندلعت الحرب.\n").unwrap();
    assert_eq!(mtlint_in(dir.path(), &["check", "--diff", "clean.txt"], None).code, 0);
}

#[test]
fn fix_keeps_crlf_line_endings_and_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.txt");
    std::fs::write(&path, "قال المتحدث ، إن الهجوم فشل.\r\nوأضاف ، أن القوات انسحبت.\r\n").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    mtlint_in(dir.path(), &["check", "--fix", "crlf.txt"], None);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "قال المتحدث، إن الهجوم فشل.\r\nوأضاف، أن القوات انسحبت.\r\n"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let run = mtlint_in(
        &common::repo(),
        &["check", "--fix", "-"],
        Some("قال المتحدث ، إن مظلوم عبادي وصل."),
    );
    assert_eq!(run.stdout, "قال المتحدث، إن مظلوم عبدي وصل.");
}

/// A write that fails part-way (the file-size limit makes the temporary
/// file's write fail, like a full disk) leaves the original intact and no
/// temporary file behind, and the run says which file it could not fix.
#[test]
fn failing_writer_through_the_library_leaves_the_original() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.txt");
    std::fs::write(&path, "الأصل").unwrap();
    let result = mtlint::atomic_write::write_atomic_with(&path, |w| {
        w.write_all("نصف المحتوى".as_bytes())?;
        Err(std::io::Error::new(std::io::ErrorKind::StorageFull, "no space left"))
    });
    assert!(result.is_err());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "الأصل");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}
