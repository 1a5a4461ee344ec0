//! Property tests of the invariants every finding must keep, on arbitrary
//! text mixing Arabic letters, diacritics, tatweel, bidi and invisible
//! characters, Latin, digits, punctuation and line endings. The fuzz
//! targets in `fuzz/` check the same properties for longer.

use mtlint::document::Document;
use mtlint::fix::apply_fixes;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::source::SourceFile;
use proptest::prelude::*;

/// Pieces that exercise folding, clitics, URLs and punctuation.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("مظلوم عبادي".to_string()),
        Just("وبالغيرانِ".to_string()),
        Just("زنازينه النائمة".to_string()),
        Just("اندلعوا".to_string()),
        Just("https://www.youtube.com/watch؟v=1".to_string()),
        Just(" ، ".to_string()),
        Just("«".to_string()),
        Just("“77 على…".to_string()),
        Just("\r\n".to_string()),
        Just("\n\n".to_string()),
        Just("ISIL / ISIS News".to_string()),
        Just("000 330".to_string()),
        Just("ﻻ".to_string()),
        Just("\u{FEFF}".to_string()),
        proptest::char::ranges(
            vec![
                '\u{0600}'..='\u{06FF}',
                '\u{200B}'..='\u{200F}',
                '\u{202A}'..='\u{202E}',
                ' '..='~'
            ]
            .into()
        )
        .prop_map(|c| c.to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..40).prop_map(|parts| parts.concat())
}

fn check_spans(source: &SourceFile, markup: Markup) -> Result<(), TestCaseError> {
    let linter = Linter::bundled();
    let text = source.text();
    for d in linter.lint(source, markup, None) {
        prop_assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{d:?}");
        prop_assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d:?}"
        );
        let at = source.line_col(d.span.start);
        let line_start = source.line_range(at.line - 1).start;
        prop_assert!(line_start <= d.span.start);
        prop_assert!(at.column >= 1);
        if let Some(fix) = &d.fix {
            prop_assert!(
                fix.span.end <= text.len()
                    && text.is_char_boundary(fix.span.start)
                    && text.is_char_boundary(fix.span.end),
                "{fix:?}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn spans_are_in_bounds_on_char_boundaries(text in text()) {
        let source = SourceFile::new("p", text);
        for markup in [Markup::Plain, Markup::Markdown, Markup::Html] {
            check_spans(&source, markup)?;
        }
    }

    #[test]
    fn folded_offsets_map_to_char_boundaries(text in text()) {
        let source = SourceFile::new("p", text.clone());
        let doc = Document::new(&source);
        for token in &doc.tokens {
            prop_assert!(text.is_char_boundary(token.span().start) && text.is_char_boundary(token.span().end));
            prop_assert!(token.span().start < token.span().end);
        }
        prop_assert_eq!(doc.folded.map.to_original(doc.folded.text.len()), text.len());
    }

    #[test]
    fn fixing_twice_equals_fixing_once(text in text()) {
        let linter = Linter::bundled();
        let source = SourceFile::new("p", text);
        let once = linter.fix(&source, Markup::Plain, None, true);
        let twice = linter.fix(&SourceFile::new("p", once.text.clone()), Markup::Plain, None, true);
        prop_assert_eq!(&twice.text, &once.text);
    }

    #[test]
    fn applying_fixes_keeps_bytes_outside_their_spans(text in text()) {
        let source = SourceFile::new("p", text.clone());
        let found = Linter::bundled().engine.lint(&source);
        let result = apply_fixes(&text, found.iter().filter_map(|d| d.fix.as_ref()));
        // Bytes before the first fix and after the last are untouched.
        if let (Some(first), Some(last)) = (
            found.iter().filter_map(|d| d.fix.as_ref()).map(|f| f.span.start).min(),
            found.iter().filter_map(|d| d.fix.as_ref()).map(|f| f.span.end).max(),
        ) {
            prop_assert!(result.text.starts_with(&text[..first]));
            prop_assert!(result.text.ends_with(&text[last..]));
        } else {
            prop_assert_eq!(&result.text, &text);
        }
    }
}
