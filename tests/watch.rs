//! `mtlint check --watch`: an edit to a watched file is linted again and
//! only what it changed is printed.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Lines of a stream, as they come, through a channel.
fn lines(stream: impl std::io::Read + Send + 'static) -> mpsc::Receiver<String> {
    let (send, lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if send.send(line).is_err() {
                return;
            }
        }
    });
    lines
}

fn wait_for(lines: &mpsc::Receiver<String>, what: &str, seen: &mut Vec<String>) {
    loop {
        match lines.recv_timeout(Duration::from_secs(20)) {
            Ok(line) => {
                let found = line.contains(what);
                seen.push(line);
                if found {
                    return;
                }
            }
            Err(_) => panic!("«{what}» did not come within 20 s; saw:\n{}", seen.join("\n")),
        }
    }
}

#[test]
fn an_edit_is_linted_again_and_only_its_change_printed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "قال مظلوم عبادي اليوم\n").unwrap();
    std::fs::write(dir.path().join("b.txt"), "نص سليم\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .args(["check", "--watch", "--format", "concise", "."])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let out = lines(child.stdout.take().unwrap());
    let err = lines(child.stderr.take().unwrap());
    let (mut seen_out, mut seen_err) = (Vec::new(), Vec::new());
    wait_for(&out, "a.txt:1:5: error[mazloum-abdi]", &mut seen_out);
    wait_for(&err, "watching for changes", &mut seen_err);

    // A new finding in b.txt: printed, and only it (a.txt is not re-printed).
    std::fs::write(dir.path().join("b.txt"), "نص سليم\nوقد اندلعوا من السجن\n").unwrap();
    wait_for(&out, "b.txt:2:5: error[broke-out-for-escaped]", &mut seen_out);
    wait_for(&err, "b.txt: 1 new, 0 gone, 1 finding now", &mut seen_err);

    // Fixing a.txt prints no finding, and says one is gone.
    std::fs::write(dir.path().join("a.txt"), "قال مظلوم عبدي اليوم\n").unwrap();
    wait_for(&err, "a.txt: 0 new, 1 gone, 0 findings now", &mut seen_err);
    child.kill().unwrap();
    let _ = child.wait();
    while let Ok(line) = out.recv_timeout(Duration::from_millis(300)) {
        seen_out.push(line);
    }
    assert_eq!(
        seen_out.iter().filter(|l| l.contains("mazloum-abdi")).count(),
        1,
        "a.txt's finding is printed once: {seen_out:?}"
    );
}
