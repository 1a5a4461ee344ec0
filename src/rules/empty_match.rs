//! Whether a regex can match the empty string: such a pattern would never
//! report (empty matches are dropped), so its author meant something else.
//! Compiled into `build.rs` too, which marks the bundled patterns that pass.

/// `Some(true)` when `source` can match the empty string, `None` when it
/// does not parse.
pub fn can_match_empty(source: &str) -> Option<bool> {
    regex_syntax::Parser::new()
        .parse(source)
        .ok()
        .map(|hir| hir.properties().minimum_len() == Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_empty_matches_and_bad_syntax_apart() {
        assert_eq!(can_match_empty("a+"), Some(false));
        assert_eq!(can_match_empty("a*"), Some(true));
        assert_eq!(can_match_empty("(?:x|)"), Some(true));
        assert_eq!(can_match_empty("(unclosed"), None);
    }
}
