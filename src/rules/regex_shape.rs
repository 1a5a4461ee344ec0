//! Where a regex's matches can start and what of the text it asks about,
//! read from its parsed form. Compiled into `build.rs` too, which records
//! it for the regexes it stores, so a run need not parse them.

use regex_syntax::hir::{Hir, Look};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegexShape {
    /// Every match starts where a line starts (the regex begins with `^`
    /// in multi-line mode, or `\A`).
    pub at_line_starts: bool,
    /// The regex asks where the whole text starts or ends (`\A`, `\z`, `^`
    /// or `$` outside multi-line mode).
    pub anchored_to_text: bool,
}

impl RegexShape {
    pub fn of(hir: &Hir) -> RegexShape {
        let prefix = hir.properties().look_set_prefix();
        let looks = hir.properties().look_set();
        RegexShape {
            at_line_starts: prefix.contains(Look::StartLF) || prefix.contains(Look::Start),
            anchored_to_text: looks.contains(Look::Start) || looks.contains(Look::End),
        }
    }
}
