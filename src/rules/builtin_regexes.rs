//! The regexes the checks themselves search every document with, apart
//! from the modules that use them: `build.rs` compiles this file too, and
//! stores each regex as a full DFA (see [`stored_regex`](super::stored_regex)).

/// A regex of the checks', and what a search for it may skip to.
#[derive(Debug, Clone, Copy)]
pub struct BuiltinRegex {
    pub source: &'static str,
    /// Literals every match starts with, a search's prefilter. A stored DFA
    /// keeps none, and uses one given at run time only if its start states
    /// were built to hand over to it, which `build.rs` does for these.
    pub first_literals: Option<&'static [&'static str]>,
}

/// Where a link starts: a scheme, or `www.`, with the spaces MT puts
/// inside them. Every match starts with one of its first letters (case
/// folding maps each only to the other case), so they are a sound
/// prefilter. The one the regex would derive, from every case and spacing
/// of its prefixes, took a fifth of the instructions of building the
/// start-up regexes, and its search was slower on Arabic text, where Latin
/// letters are rare; without one, the stored DFA read every byte, 9× slower
/// on news text (docs/performance.md, twenty-sixth stop).
pub const LINK_START: BuiltinRegex = BuiltinRegex {
    source: r"(?i)(?:https?|ftp)[ \u{00A0}]?:[ \u{00A0}]?/[ \u{00A0}]?/|www[ \u{00A0}]?\.",
    first_literals: Some(&["h", "H", "f", "F", "w", "W"]),
};

/// Groups of digits joined by thousands separators or single spaces.
pub const DIGIT_GROUPS: BuiltinRegex = BuiltinRegex {
    source: r"\d+(?:[ ,.٬٫\u{00A0}]\d+)*",
    first_literals: None,
};

/// The regexes `build.rs` stores.
pub const STORED: [BuiltinRegex; 2] = [LINK_START, DIGIT_GROUPS];
