//! The `[[...]]` markers of a rule's examples, and the ` ||| ` that puts an
//! English original before a translation. `build.rs` compiles this file
//! too: it checks the bundled packs' markers once, at build time, so a run
//! checks only the markers of packs it reads from disk.

/// Separates an example's English original from its translation.
pub const ORIGINAL_SEPARATOR: &str = " ||| ";

/// Whether an example's `[[...]]` markers pair up, without building its text.
pub fn check_markers(written: &str) -> Result<(), &'static str> {
    scan_markers(written, |_| {}, |_| {})
}

/// Walks an example's translation, handing plain runs to `plain` and
/// marked ones to `marked`, in order.
pub fn scan_markers<'a>(
    written: &'a str,
    mut plain: impl FnMut(&'a str),
    mut marked: impl FnMut(&'a str),
) -> Result<(), &'static str> {
    // memmem rather than `str::find`: a `&str` pattern sets up a two-way
    // searcher on every call, which cost more than the scan of an example.
    let find = |hay: &str, needle: &str| memchr::memmem::find(hay.as_bytes(), needle.as_bytes());
    let mut rest = match find(written, ORIGINAL_SEPARATOR) {
        Some(at) => &written[at + ORIGINAL_SEPARATOR.len()..],
        None => written,
    };
    while let Some(open) = find(rest, "[[") {
        plain(&rest[..open]);
        let after = &rest[open + 2..];
        let close = find(after, "]]").ok_or("`[[` without a closing `]]`")?;
        if find(&after[..close], "[[").is_some() {
            return Err("nested `[[`");
        }
        marked(&after[..close]);
        rest = &after[close + 2..];
    }
    if find(rest, "]]").is_some() {
        return Err("`]]` without an opening `[[`");
    }
    plain(rest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_must_pair_up_in_the_translation() {
        assert_eq!(check_markers("قال [[مظلوم عبادي]] و[[هو]]"), Ok(()));
        assert_eq!(check_markers("plain"), Ok(()));
        assert_eq!(check_markers("[[open"), Err("`[[` without a closing `]]`"));
        assert_eq!(check_markers("close]]"), Err("`]]` without an opening `[[`"));
        assert_eq!(check_markers("[[a [[b]] c]]"), Err("nested `[[`"));
        // The English original before ` ||| ` is not scanned.
        assert_eq!(check_markers("a ]] b ||| [[ترجمة]]"), Ok(()));
        assert_eq!(check_markers("a b ||| [[ترجمة"), Err("`[[` without a closing `]]`"));
    }
}
