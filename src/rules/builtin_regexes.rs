//! The sources of the regexes the checks themselves search every document
//! with, apart from the modules that use them: `build.rs` compiles this
//! file too, and stores each regex as a full DFA (see
//! [`stored_regex`](super::stored_regex)).

/// Where a link starts: a scheme, or `www.`, with the spaces MT puts
/// inside them.
pub const LINK_START: &str = r"(?i)(?:https?|ftp)[ \u{00A0}]?:[ \u{00A0}]?/[ \u{00A0}]?/|www[ \u{00A0}]?\.";

/// Groups of digits joined by thousands separators or single spaces.
pub const DIGIT_GROUPS: &str = r"\d+(?:[ ,.٬٫\u{00A0}]\d+)*";

/// Each regex to store, and whether its search starts with a prefilter
/// given at run time (a DFA keeps none when stored, and uses one only if
/// its start states were built to hand over to it).
pub const STORED: [(&str, bool); 2] = [(LINK_START, true), (DIGIT_GROUPS, false)];
