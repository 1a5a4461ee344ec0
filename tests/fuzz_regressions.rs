//! Inputs the fuzz targets once crashed on (`tests/fuzz-regressions/`),
//! checked against the same properties in every test run.

use mtlint::document::Document;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::source::SourceFile;

#[test]
fn fuzz_regressions_keep_their_properties() {
    let linter = Linter::bundled();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let Ok(text) = std::str::from_utf8(&bytes) else {
            continue;
        };
        count += 1;
        let source = SourceFile::new("regression", text);
        let doc = Document::new(&source);
        for t in &doc.tokens {
            assert!(
                t.span().start < t.span().end
                    && text.is_char_boundary(t.span().start)
                    && text.is_char_boundary(t.span().end),
                "{}",
                path.display()
            );
        }
        for markup in [Markup::Plain, Markup::Markdown, Markup::Html] {
            for d in linter.lint(&source, markup, None) {
                assert!(
                    d.span.end <= text.len()
                        && text.is_char_boundary(d.span.start)
                        && text.is_char_boundary(d.span.end),
                    "{}",
                    path.display()
                );
            }
        }
        let once = linter.fix(&source, Markup::Plain, None, true);
        assert!(once.settled, "fixes did not settle: {}", path.display());
        let twice = linter.fix(
            &SourceFile::new("regression", once.text.clone()),
            Markup::Plain,
            None,
            true,
        );
        assert_eq!(once.text, twice.text, "{}", path.display());
    }
    assert!(count > 0, "regression inputs are present");
}
