//! Every article in `tests/articles/` linted with the bundled rules, its
//! human output kept as a reviewed insta snapshot (see the README there).

use std::process::Command;

#[test]
fn article_snapshots() {
    insta::glob!("articles/*.txt", |path| {
        let relative = path.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap();
        let output = Command::new(env!("CARGO_BIN_EXE_mtlint"))
            .arg("check")
            .arg(relative)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        assert_ne!(
            output.status.code(),
            Some(2),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        insta::assert_snapshot!(String::from_utf8(output.stdout).unwrap());
    });
}
