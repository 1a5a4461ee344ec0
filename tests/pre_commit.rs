//! The README's pre-commit set-up, followed as a user would: a project with
//! the README's `.pre-commit-config.yaml`, a hooks repository tagged with the
//! README's `rev`, and `pre-commit run`. Skips with a message when
//! `pre-commit` or `git` is not installed (`.ci/run` installs pre-commit).

mod common;

use std::path::Path;
use std::process::Command;

fn available(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.org",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "tag.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The first ```yaml block of the README after the pre-commit heading.
fn readme_config() -> String {
    let readme = std::fs::read_to_string(common::repo().join("README.md")).unwrap();
    let from = readme
        .find("**In a pre-commit hook**")
        .expect("README has the pre-commit section");
    let block = &readme[from..];
    let start = block.find("```yaml\n").unwrap() + "```yaml\n".len();
    let end = start + block[start..].find("```").unwrap();
    block[start..end].to_string()
}

struct PreCommit<'a> {
    project: &'a Path,
    home: &'a Path,
}

impl PreCommit<'_> {
    fn run(&self, args: &[&str]) -> (i32, String) {
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_mtlint")).parent().unwrap();
        let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
        let out = Command::new("pre-commit")
            .args(args)
            .current_dir(self.project)
            .env("PATH", path)
            .env("PRE_COMMIT_HOME", self.home)
            .env("NO_COLOR", "1")
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.org")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.org")
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
        (out.status.code().unwrap_or(-1), text)
    }
}

#[test]
fn the_readme_pre_commit_config_blocks_findings_and_honours_exclude() {
    if !available("pre-commit") || !available("git") {
        eprintln!("skipping: pre-commit or git is not installed (pip install pre-commit)");
        return;
    }
    let config = readme_config();
    let rev = config
        .lines()
        .find_map(|l| l.trim().strip_prefix("rev:"))
        .map(|r| r.split('#').next().unwrap().trim().to_string())
        .expect("the README's config names a rev");
    let tmp = tempfile::tempdir().unwrap();
    // The hooks repository as a user reaches it: this checkout's hook
    // definitions, at the README's rev.
    let hooks = tmp.path().join("mtlint");
    std::fs::create_dir(&hooks).unwrap();
    std::fs::copy(
        common::repo().join(".pre-commit-hooks.yaml"),
        hooks.join(".pre-commit-hooks.yaml"),
    )
    .unwrap();
    git(&hooks, &["init", "-q"]);
    git(&hooks, &["add", "."]);
    git(&hooks, &["commit", "-qm", "hooks"]);
    git(&hooks, &["tag", &rev]);

    // The user's project: the README's config with the repository's address
    // filled in. The `mtlint` hook (language: rust) builds mtlint in release
    // mode, minutes on a CI machine; `mtlint-system` has the same entry and
    // runs the mtlint this test built, so the hook id is the one change.
    let project = tmp.path().join("project");
    std::fs::create_dir(&project).unwrap();
    let config = config
        .replace("<URL of the mtlint repository>", &hooks.display().to_string())
        .replace("id: mtlint ", "id: mtlint-system ");
    assert!(config.contains("id: mtlint-system"), "{config}");
    std::fs::write(project.join(".pre-commit-config.yaml"), config).unwrap();
    std::fs::write(project.join("mtlint.toml"), "exclude = [\"drafts/**\"]\n").unwrap();
    std::fs::create_dir(project.join("drafts")).unwrap();
    std::fs::write(project.join("drafts/wip.txt"), "قال مظلوم عبادي إن الهجوم فشل.\n").unwrap();
    std::fs::write(project.join("clean.txt"), "قال مظلوم عبدي إن الهجوم فشل.\n").unwrap();
    git(&project, &["init", "-q"]);
    git(&project, &["add", "."]);
    let pre_commit = PreCommit {
        project: &project,
        home: &tmp.path().join("cache"),
    };
    // An excluded draft does not block the commit.
    let (code, out) = pre_commit.run(&["run", "--all-files"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("Passed"), "{out}");
    // A finding in a staged article does.
    std::fs::write(project.join("news.txt"), "قال مظلوم عبادي إن الهجوم فشل.\n").unwrap();
    git(&project, &["add", "news.txt"]);
    let (code, out) = pre_commit.run(&["run", "--all-files"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("news.txt") && out.contains("mazloum-abdi"), "{out}");
    assert!(!out.contains("wip.txt"), "{out}");
}

/// Every hook runs the same check; they differ in how mtlint is installed
/// and whether it fixes.
#[test]
fn the_hooks_share_one_entry() {
    let hooks = std::fs::read_to_string(common::repo().join(".pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("entry:"))
        .map(str::trim)
        .collect();
    assert_eq!(
        entries,
        [
            "mtlint check --force-exclude",
            "mtlint check --force-exclude --fix",
            "mtlint check --force-exclude"
        ]
    );
}
