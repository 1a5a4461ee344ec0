//! Applying fixes to a text: non-overlapping, each touching only its span.

use crate::diagnostic::Fix;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    pub applied: usize,
    /// Fixes left for a later run because they overlap an applied one.
    pub deferred: usize,
}

/// Applies fixes in position order; a fix that overlaps one already taken
/// waits for the next run (its finding will be reported again if it still
/// applies to the new text).
pub fn apply_fixes<'a>(text: &str, fixes: impl IntoIterator<Item = &'a Fix>) -> Fixed {
    let mut fixes: Vec<&Fix> = fixes.into_iter().collect();
    fixes.sort_by_key(|f| (f.span.start, f.span.end));
    let (mut cursor, mut taken, mut deferred) = (0, 0, 0);
    fixes.retain(|fix| {
        // Two insertions at the same point would overlap in effect.
        let second_insertion = fix.span.is_empty() && fix.span.start == cursor && taken > 0;
        if fix.span.start < cursor || fix.span.end > text.len() || second_insertion {
            deferred += 1;
            return false;
        }
        cursor = fix.span.end;
        taken += 1;
        true
    });
    // The fixed text's exact length, so it is made in one allocation: grown
    // past the original's length, a big file's text doubled its capacity,
    // and the copy and the old text were held at once (two more copies).
    let len = fixes
        .iter()
        .fold(text.len(), |len, fix| len - fix.span.len() + fix.replacement.len());
    let mut out = String::with_capacity(len);
    let mut cursor = 0;
    for fix in &fixes {
        out.push_str(&text[cursor..fix.span.start]);
        out.push_str(&fix.replacement);
        cursor = fix.span.end;
    }
    out.push_str(&text[cursor..]);
    let applied = fixes.len();
    Fixed {
        text: out,
        applied,
        deferred,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;

    fn fix(span: std::ops::Range<usize>, replacement: &str) -> Fix {
        Fix {
            span,
            replacement: replacement.into(),
            applicability: Applicability::Safe,
        }
    }

    #[test]
    fn applies_in_order_and_defers_overlaps() {
        let fixes = [fix(5..7, "Y"), fix(0..1, "A"), fix(6..7, "X")];
        let result = apply_fixes("abcdefgh", &fixes);
        assert_eq!(result.text, "AbcdeYh");
        assert_eq!(result.applied, 2);
        assert_eq!(result.deferred, 1);
    }

    #[test]
    fn no_fixes_is_identity() {
        let result = apply_fixes("نص", []);
        assert_eq!(result.text, "نص");
        assert_eq!(result.applied, 0);
    }

    #[test]
    fn a_second_insertion_at_the_same_point_waits_and_the_text_is_one_allocation() {
        let fixes = [
            fix(0..0, "«"),
            fix(0..0, "»"),
            fix(2..4, "جدا"),
            fix(4..4, "!"),
            fix(6..6, "؟"),
        ];
        let result = apply_fixes("نصمن", &fixes);
        assert_eq!(result.text, "«نجدام؟ن");
        assert_eq!((result.applied, result.deferred), (3, 2));
        // Made at its exact length: a text that grows is not reallocated.
        assert_eq!(result.text.capacity(), result.text.len());
    }
}
