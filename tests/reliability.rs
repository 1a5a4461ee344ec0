//! The guarantees of docs/reliability.md, one test (or more) per item: no
//! lost edits, nothing printed that can drive a terminal or a CI runner, no
//! quadratic inputs, nothing silently accepted, fixes that settle.

mod common;

use common::{json, mtlint_in};
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Stdio};

const ARTICLE: &str = "قال مظلوم عبادي إن المتحدث ، غادر\n";
const FIXED: &str = "قال مظلوم عبدي إن المتحدث، غادر\n";

fn temporaries(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".mtlint-"))
        .collect()
}

/// Runs mtlint with standard output sent to /dev/full (a device whose
/// every write fails with ENOSPC).
fn to_dev_full(dir: &Path, args: &[&str], stdin: Option<&Path>) -> Option<(Option<i32>, String)> {
    let full = fs::OpenOptions::new().write(true).open("/dev/full").ok()?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_mtlint"));
    cmd.args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped());
    cmd.stdin(match stdin {
        Some(p) => Stdio::from(fs::File::open(p).unwrap()),
        None => Stdio::null(),
    });
    let out = cmd.output().unwrap();
    Some((out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned()))
}

// 2. Every write to standard output is checked.
#[test]
fn writes_to_a_full_disk_are_errors_not_successes() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let input = dir.path().join("a.txt");
    let cases: &[(&[&str], Option<&Path>)] = &[
        (&["check", "--fix", "-"], Some(&input)),
        (&["check", "--diff", "a.txt"], None),
        (&["check", "a.txt"], None),
        (&["explain", "mazloum-abdi"], None),
        (&["rules"], None),
        (&["man"], None),
        (&["completions", "bash"], None),
        (&["test"], None),
    ];
    for (args, stdin) in cases {
        let Some((code, stderr)) = to_dev_full(dir.path(), args, *stdin) else {
            eprintln!("skipping: /dev/full is not available");
            return;
        };
        assert_eq!(code, Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains("No space left on device"), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    // `init` writes its file, then reports on standard output.
    let init_dir = tempfile::tempdir().unwrap();
    let (code, stderr) = to_dev_full(init_dir.path(), &["init"], None).unwrap();
    assert_eq!(code, Some(2), "init: {stderr}");
    assert!(!stderr.contains("panicked"), "init: {stderr}");
    assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), ARTICLE);
}

// 3. File identity: symlinks, hard links, read-only files, --force.
#[test]
fn fix_writes_through_symlinks_and_refuses_hard_links_and_read_only_files() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    fs::write(d.join("target.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink("target.txt", d.join("link.txt")).unwrap();
    let run = mtlint_in(d, &["check", "--fix", "link.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        fs::symlink_metadata(d.join("link.txt"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(fs::read_to_string(d.join("target.txt")).unwrap(), FIXED);

    fs::write(d.join("one.txt"), ARTICLE).unwrap();
    fs::hard_link(d.join("one.txt"), d.join("two.txt")).unwrap();
    let run = mtlint_in(d, &["check", "--fix", "one.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("one.txt: cannot write the fixed file"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("2 hard links"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(d.join("two.txt")).unwrap(), ARTICLE);
    // 5. Its findings are still reported, against the text as it is.
    assert!(run.stdout.contains("space-before-punctuation"), "{}", run.stdout);
    assert!(run.stdout.contains("mazloum-abdi"), "{}", run.stdout);

    let locked = d.join("locked.txt");
    fs::write(&locked, ARTICLE).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o444)).unwrap();
    let run = mtlint_in(d, &["check", "--fix", "locked.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("read-only"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(&locked).unwrap(), ARTICLE);
    let run = mtlint_in(d, &["check", "--fix", "--force", "locked.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(fs::read_to_string(&locked).unwrap(), FIXED);
    assert_eq!(fs::metadata(&locked).unwrap().permissions().mode() & 0o777, 0o444);
    assert!(temporaries(d).is_empty());
}

// 4. SIGXFSZ is ignored, so an over-limit write fails and cleans up; 5. the
// findings of the file that could not be written are still reported.
#[test]
fn a_file_size_limit_fails_the_write_cleanly_without_a_trap() {
    let dir = tempfile::tempdir().unwrap();
    let big = ARTICLE.repeat(2000);
    fs::write(dir.path().join("big.txt"), &big).unwrap();
    let script = format!(
        "ulimit -f 16; exec {} check --fix big.txt",
        env!("CARGO_BIN_EXE_mtlint")
    );
    let out = Command::new("sh")
        .arg("-c")
        .arg(&script)
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "killed by a signal? {stderr}");
    assert!(stderr.contains("big.txt: cannot write the fixed file"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("space-before-punctuation"));
    assert_eq!(fs::read_to_string(dir.path().join("big.txt")).unwrap(), big);
    assert!(temporaries(dir.path()).is_empty());
}

// 4. A temporary file left by a run that was killed is removed by the next.
#[test]
fn temporaries_of_killed_runs_are_removed_by_the_next_fix() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    // A real killed run: started on a large file, SIGKILLed, and a
    // stand-in for what it may have left (pid of a dead process).
    let mut child = Command::new("sleep").arg("0").spawn().unwrap();
    let dead_pid = child.id();
    child.wait().unwrap();
    let stale = dir.path().join(format!(".mtlint-{dead_pid}-x1y2z3.tmp"));
    fs::write(&stale, "half an article").unwrap();
    let run = mtlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!stale.exists(), "the dead run's temporary file is removed");
    assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), FIXED);
}

// 6. UTF-16 is an error, never a silent pass.
#[test]
fn utf16_articles_are_errors_and_other_files_are_still_linted() {
    let dir = tempfile::tempdir().unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(ARTICLE.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    fs::write(dir.path().join("wide.txt"), utf16).unwrap();
    fs::write(dir.path().join("ok.txt"), ARTICLE).unwrap();
    let run = mtlint_in(dir.path(), &["check", "wide.txt", "ok.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("wide.txt: the file is UTF-16 text"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("ok.txt"), "{}", run.stdout);
}

fn no_terminal_controls(output: &str, what: &str) {
    for c in output.chars() {
        let bad = (c.is_control() && c != '\n') || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        assert!(!bad, "{what}: raw U+{:04X} in output:\n{output}", c as u32);
    }
}

// 7, 8. Escape sequences, BEL, OSC 8 and bidi controls from the article, a
// message or a file name never reach the terminal raw.
#[test]
fn article_text_and_file_names_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "قال \u{1B}[2J\u{7} مظلوم عبادي <b \u{1B}]8;;http://x\u{7}> و\u{202E}نص\u{202C} ، غادر\n";
    let name = "a\u{1B}[31m\u{202E}.txt";
    fs::write(dir.path().join(name), hostile).unwrap();
    for format in ["human", "concise", "github", "html"] {
        let run = mtlint_in(dir.path(), &["check", "--format", format, name], None);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.contains("html-tag"), "{format}: {}", run.stdout);
        no_terminal_controls(&run.stdout, format);
        no_terminal_controls(&run.stderr, format);
    }
    let run = mtlint_in(dir.path(), &["check", "--diff", "--unsafe-fixes", name], None);
    no_terminal_controls(&run.stdout, "diff");
    // The removed control is shown as the human output shows it.
    assert!(
        run.stdout.lines().any(|l| l.starts_with('-') && l.contains("<U+202E>")),
        "{}",
        run.stdout
    );
    // A file that cannot be read is named safely too.
    let run = mtlint_in(dir.path(), &["check", "missing\u{1B}[2J.txt"], None);
    assert_eq!(run.code, 2);
    no_terminal_controls(&run.stderr, "error");
    assert!(run.stderr.contains("missing<U+001B>[2J.txt"), "{}", run.stderr);
}

// 9. No output line starts with text taken from the article or a path.
#[test]
fn no_output_line_can_be_a_ci_workflow_command() {
    let dir = tempfile::tempdir().unwrap();
    let article = "قال مظلوم عبادي <b\n::add-mask::secret\n> نص ، غادر\n";
    let name = "x\n::warning file=a::pwned.txt";
    fs::write(dir.path().join(name), article).unwrap();
    let leading = "::name.txt";
    fs::write(dir.path().join(leading), article).unwrap();
    for format in ["human", "concise", "github", "html"] {
        let run = mtlint_in(dir.path(), &["check", "--format", format, name, leading], None);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        for line in run.stdout.lines().chain(run.stderr.lines()) {
            let injected = line.trim_start().starts_with("::add-mask")
                || line.trim_start().starts_with("::warning file=a")
                || line.trim_start().starts_with("::name");
            assert!(!injected, "{format}: {line:?}");
        }
    }
    let run = mtlint_in(dir.path(), &["check", "--format", "concise", leading], None);
    assert!(run.stdout.starts_with("./::name.txt:"), "{}", run.stdout);
}

// 10. SARIF URIs are percent-encoded.
#[test]
fn sarif_uris_encode_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let name = "a b\u{1B}.txt";
    fs::write(dir.path().join(name), ARTICLE).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "sarif", name], None);
    let sarif: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let uri = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "a%20b%1B.txt");
}

// 11. Ten thousand zero-width spaces in one word: one finding, a short
// message, linear work (a quadratic rule took 13 s and 834 MB here).
#[test]
fn invisible_characters_in_a_word_are_one_finding() {
    let dir = tempfile::tempdir().unwrap();
    let word = format!("سو{}ريا", "\u{200B}ر".repeat(10_000));
    let long_word = format!("سو{}ريا", "\u{200B}ر".repeat(500_000));
    let text = format!("في {word} اليوم\nفي {long_word} اليوم\n");
    fs::write(dir.path().join("a.txt"), text).unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--format", "json", "--select", "invisible-in-word", "a.txt"],
        None,
    );
    let found = json(&run);
    assert_eq!(found.len(), 2, "one finding per word");
    for d in &found {
        assert!(d["message"].as_str().unwrap().len() < 300, "{}", d["message"]);
        assert!(d["message"].as_str().unwrap().contains("more"), "{}", d["message"]);
    }
    mtlint_in(dir.path(), &["check", "--fix", "a.txt"], None);
    let fixed = fs::read_to_string(dir.path().join("a.txt")).unwrap();
    assert!(!fixed.contains('\u{200B}'), "the fix removes every one");
}

// 12. Columns on one long line with many findings: linear (this took 20 s
// for 1 MB and never finished for 15 MB).
#[test]
fn many_findings_on_one_long_line_are_linear() {
    let dir = tempfile::tempdir().unwrap();
    let text = "قال المتحدث ، إن ".repeat(200_000);
    fs::write(dir.path().join("line.txt"), &text).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "concise", "line.txt"], None);
    assert_eq!(run.code, 1);
    let last = run
        .stdout
        .lines()
        .rfind(|l| l.contains("space-before-punctuation"))
        .unwrap()
        .to_string();
    let column = text.rfind(" ،").map(|b| text[..b].chars().count() + 1).unwrap();
    assert!(last.starts_with(&format!("line.txt:1:{column}:")), "{last}");
}

// Hostile shapes for the checks that read runs of letters: a line of
// sentences glued by stops (one finding for the paragraph, and each stop's
// abbreviation test looks only nearby), letters and stops alternating, and
// a name-like word repeated in every spelling variant. Each must finish as
// a linear pass would (a quadratic one does not finish in CI).
#[test]
fn glued_stops_and_long_name_runs_stay_linear() {
    let dir = tempfile::tempdir().unwrap();
    let glued = "انتهى الاجتماع.وقال".repeat(100_000);
    let dotted = "ا.".repeat(200_000);
    let doubled = format!("بريتزكي {} بريتسكي", "ر".repeat(300_000));
    fs::write(dir.path().join("a.txt"), format!("{glued}\n\n{dotted}\n\n{doubled}\n")).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "a.txt"], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let glued_findings: Vec<_> = json(&run)
        .into_iter()
        .filter(|d| d["rule"] == "missing-space-after-punctuation" && d["line"] == 1)
        .collect();
    assert_eq!(glued_findings.len(), 1, "one finding for the paragraph");
    assert!(
        glued_findings[0]["message"].as_str().unwrap().contains("100000 times"),
        "{}",
        glued_findings[0]["message"]
    );
}

// 13. --max-file-size, and standard input checked for binary content
// before it is read whole.
#[test]
fn oversized_and_endless_inputs_are_skipped_with_a_note() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("big.txt"), ARTICLE.repeat(100)).unwrap();
    fs::write(dir.path().join("ok.txt"), ARTICLE).unwrap();
    let run = mtlint_in(
        dir.path(),
        &["check", "--max-file-size", "1K", "big.txt", "ok.txt"],
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("big.txt: skipped, larger than --max-file-size"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("ok.txt"));
    let run = mtlint_in(
        dir.path(),
        &["check", "--max-file-size", "1K", "-"],
        Some(&ARTICLE.repeat(100)),
    );
    assert!(
        run.stderr.contains("-: skipped, larger than --max-file-size"),
        "{}",
        run.stderr
    );
    // /dev/zero never ends: the first block says binary.
    let out = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "-"])
        .stdin(Stdio::from(fs::File::open("/dev/zero").unwrap()))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-: binary file skipped"));
}

// 14. Mistakes in packs and configuration that used to pass silently.
#[test]
fn silent_pack_and_config_mistakes_are_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("a.txt"), ARTICLE).unwrap();
    let cases = [
        (
            "empty.toml",
            "[[pattern]]\nid = \"p\"\nmessage = \"m\"\nregex = \"x*\"\n",
            "4:9",
            "empty string",
        ),
        (
            "empty2.toml",
            "[[pattern]]\nid = \"p\"\nmessage = \"m\"\nregex = \"\"\n",
            "4:9",
            "empty string",
        ),
        (
            "max-length.toml",
            "[[pattern]]\nid = \"p\"\nmessage = \"m\"\nregex = \"x\"\nmax-length = 0\n",
            "5:14",
            "max-length must be at least 1",
        ),
        (
            "placeholder.toml",
            "[[pattern]]\nid = \"p\"\nmessage = \"«{nothing}»\"\nregex = \"x\"\n",
            "3:11",
            "unknown placeholder `{nothing}`",
        ),
        (
            "unclosed.toml",
            "[[term]]\nid = \"t\"\nmessage = \"«{found»\"\nfind = [\"كلمة\"]\n",
            "3:11",
            "unclosed `{`",
        ),
    ];
    for (file, text, at, says) in cases {
        fs::write(dir.path().join(file), text).unwrap();
        let run = mtlint_in(dir.path(), &["check", "--rules", file, "a.txt"], None);
        assert_eq!(run.code, 2, "{file}: {}", run.stderr);
        assert!(run.stderr.contains(says), "{file}: {}", run.stderr);
        assert!(run.stderr.contains(&format!("{file}:{at}")), "{file}: {}", run.stderr);
    }
    let config = tempfile::tempdir().unwrap();
    fs::write(config.path().join("a.txt"), ARTICLE).unwrap();
    fs::write(
        config.path().join("mtlint.toml"),
        "select = [\"url-\"]\nrules = [\"house/\"]\n",
    )
    .unwrap();
    let run = mtlint_in(config.path(), &["check", "a.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("rule pack not found"), "{}", run.stderr);
    assert!(run.stderr.contains("mtlint.toml:2:10"), "{}", run.stderr);
}

// 15. Symlinked files in a walked directory are followed.
#[test]
fn symlinked_files_in_a_directory_are_linted() {
    let dir = tempfile::tempdir().unwrap();
    let articles = dir.path().join("articles");
    fs::create_dir(&articles).unwrap();
    fs::write(dir.path().join("elsewhere.txt"), ARTICLE).unwrap();
    std::os::unix::fs::symlink("../elsewhere.txt", articles.join("linked.txt")).unwrap();
    // A loop is reported, not followed for ever.
    std::os::unix::fs::symlink("..", articles.join("loop")).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "concise", "articles"], None);
    assert!(
        run.stdout.contains("articles/linked.txt:1:5: error[mazloum-abdi]"),
        "{}",
        run.stdout
    );
}

// 16. Fixes that never settle are not written.
#[test]
fn fixes_that_do_not_settle_leave_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("grow.toml"),
        "[[pattern]]\nid = \"grow\"\nmessage = \"m\"\nregex = \"ab\"\nreplace = \"aab\"\nfix = \"safe\"\n",
    )
    .unwrap();
    fs::write(dir.path().join("a.txt"), "ab\n").unwrap();
    let run = mtlint_in(dir.path(), &["check", "--fix", "--rules", "grow.toml", "a.txt"], None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("did not settle"), "{}", run.stderr);
    assert_eq!(fs::read_to_string(dir.path().join("a.txt")).unwrap(), "ab\n");
    assert!(run.stdout.contains("grow"), "its findings are reported: {}", run.stdout);
}
