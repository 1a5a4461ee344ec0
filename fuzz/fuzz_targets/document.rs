//! Building a document from arbitrary bytes: offsets map to character
//! boundaries, tokens lie inside the text, line/column agree with offsets.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::document::Document;
use mtlint::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = SourceFile::new("fuzz", text);
    let doc = Document::new(&source);
    assert_eq!(doc.folded.map.to_original(doc.folded.text.len()), text.len());
    for token in &doc.tokens {
        assert!(token.span().start < token.span().end && token.span().end <= text.len());
        assert!(text.is_char_boundary(token.span().start) && text.is_char_boundary(token.span().end));
        let at = source.line_col(token.span().start);
        assert!(source.line_range(at.line - 1).contains(&token.span().start));
    }
    for paragraph in &doc.paragraphs {
        assert!(text.is_char_boundary(paragraph.start) && text.is_char_boundary(paragraph.end));
    }
});
