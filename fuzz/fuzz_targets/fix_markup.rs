//! Fixing arbitrary Markdown and HTML (the first byte chooses): no panic,
//! the fixed text settles (a second fix changes nothing), and nothing
//! outside a finding's span changes in a single pass.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::fix::apply_fixes;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let markup = if choice % 2 == 0 { Markup::Markdown } else { Markup::Html };
    let linter = Linter::bundled();
    let source = SourceFile::new("fuzz", text);
    let found = linter.lint(&source, markup, None);
    let fixes: Vec<_> = found.iter().filter_map(|d| d.fix.as_ref()).collect();
    let once = apply_fixes(text, fixes.iter().copied());
    // Bytes before the first fix and after the last are untouched.
    if let (Some(first), Some(last)) = (
        fixes.iter().map(|f| f.span.start).min(),
        fixes.iter().map(|f| f.span.end).max(),
    ) {
        assert!(once.text.starts_with(&text[..first]));
        assert!(once.text.ends_with(&text[last..]));
    }
    let fixed = linter.fix(&source, markup, None, true);
    if fixed.settled {
        let again = linter.fix(&SourceFile::new("fuzz", fixed.text.clone()), markup, None, true);
        assert_eq!(fixed.text, again.text, "a second fix pass changed the text");
    }
});
