//! Odd and hostile input: encodings, line endings, control bytes, special
//! files, huge lines, closed pipes.

mod common;

use common::{json, mtlint_in};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn bom_and_crlf_keep_spans_and_columns_right() {
    let dir = tempfile::tempdir().unwrap();
    let text = "\u{FEFF}قال مظلوم عبادي\r\nوقال المتحدث ، إن\r\n";
    std::fs::write(dir.path().join("a.txt"), text).unwrap();
    let found = json(&mtlint_in(dir.path(), &["check", "--format", "json", "a.txt"], None));
    let at = |rule: &str| {
        found
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap_or_else(|| panic!("{rule} in {found:?}"))
    };
    let name = at("mazloum-abdi");
    assert_eq!(
        &text[name["start"].as_u64().unwrap() as usize..name["end"].as_u64().unwrap() as usize],
        "مظلوم عبادي"
    );
    assert_eq!(
        (name["line"].as_u64(), name["column"].as_u64()),
        (Some(1), Some(5)),
        "the BOM is not a column"
    );
    let comma = at("space-before-punctuation");
    assert_eq!(
        (
            comma["line"].as_u64(),
            comma["column"].as_u64(),
            comma["end_column"].as_u64()
        ),
        (Some(2), Some(13), Some(15))
    );
    mtlint_in(dir.path(), &["check", "--fix", "--unsafe-fixes", "a.txt"], None);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("a.txt")).unwrap(),
        "\u{FEFF}قال مظلوم عبدي\r\nوقال المتحدث، إن\r\n"
    );
}

#[test]
fn empty_file_is_clean() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    let run = mtlint_in(dir.path(), &["check", "empty.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("0 errors, 0 warnings, 0 infos in 1 file"));
}

#[test]
fn nul_bytes_late_in_a_file_are_text_and_early_ones_mean_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut late = "نص سليم. ".repeat(1000);
    late.push_str("\0قال مظلوم عبادي\0");
    std::fs::write(dir.path().join("late.txt"), &late).unwrap();
    std::fs::write(dir.path().join("early.txt"), "\0قال مظلوم عبادي").unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "late.txt", "early.txt"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("early.txt: binary file skipped"), "{}", run.stderr);
    let found = json(&run);
    assert!(
        found
            .iter()
            .any(|d| d["path"] == "late.txt" && d["rule"] == "mazloum-abdi")
    );
}

#[test]
fn a_fifo_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.txt");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !made {
        eprintln!("skipping: mkfifo is not available");
        return;
    }
    std::fs::write(dir.path().join("b.txt"), "قال مظلوم عبادي").unwrap();
    let run = mtlint_in(dir.path(), &["check", "pipe.txt", "b.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("pipe.txt: not a regular file"), "{}", run.stderr);
    assert!(run.stdout.contains("mazloum-abdi"), "the other file is still linted");
}

#[test]
fn an_unreadable_file_is_an_error_naming_it() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("secret.txt");
    std::fs::write(&file, "نص").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&file).is_ok() {
        eprintln!("skipping: running as root, permissions do not stop reads");
        return;
    }
    let run = mtlint_in(dir.path(), &["check", "secret.txt"], None);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("secret.txt: permission denied"), "{}", run.stderr);
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.txt"), "قال المتحدث ، إن\n".repeat(20_000)).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--format", "concise", "many.txt"])
        .current_dir(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    // The reader is gone (like `| head -1`).
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(first.contains("space-before-punctuation"));
    assert!(
        !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
        "{stderr}"
    );
    assert_ne!(output.status.code(), Some(101));
}

/// A 200 MB file on one line: linear work only (a quadratic step would make
/// this run for hours; it is not timed).
#[test]
fn a_200_mb_single_line_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let unit = "يقول التقرير إن الاقتصاد ينمو ببطء في المنطقة هذا العام، ";
    let mut text = String::from("قال مظلوم عبادي ");
    text.push_str(&unit.repeat(200_000_000 / unit.len()));
    text.push_str("وزار www.example.com/a؟b اليوم");
    std::fs::write(&path, &text).unwrap();
    drop(text);
    // Above the default --max-file-size of 100 MiB: asked for explicitly.
    let run = mtlint_in(
        dir.path(),
        &["check", "--max-file-size", "300M", "--format", "concise", "huge.txt"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert!(
        lines
            .first()
            .is_some_and(|l| l.starts_with("huge.txt:1:5: error[mazloum-abdi]")),
        "{:?}",
        lines.first()
    );
    assert!(
        lines.iter().any(|l| l.contains("url-arabic-punctuation")),
        "the finding at the far end is found"
    );
}
