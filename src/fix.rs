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
    let mut out = String::with_capacity(text.len());
    let mut cursor = 0;
    let mut applied = 0;
    let mut deferred = 0;
    for fix in fixes {
        if fix.span.start < cursor || fix.span.end > text.len() {
            deferred += 1;
            continue;
        }
        // Two insertions at the same point would overlap in effect.
        if fix.span.is_empty() && fix.span.start == cursor && applied > 0 {
            deferred += 1;
            continue;
        }
        out.push_str(&text[cursor..fix.span.start]);
        out.push_str(&fix.replacement);
        cursor = fix.span.end;
        applied += 1;
    }
    out.push_str(&text[cursor..]);
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
}
