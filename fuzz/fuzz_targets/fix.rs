//! Applying fixes to arbitrary text: applying them twice equals applying
//! them once, and the result is valid UTF-8 (it is a String).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let linter = Linter::bundled();
    let once = linter.fix(&SourceFile::new("fuzz", text), Markup::Plain, None, true);
    let twice = linter.fix(&SourceFile::new("fuzz", once.text.clone()), Markup::Plain, None, true);
    assert_eq!(once.text, twice.text, "a second fix pass changed the text");
});
