//! Regexes compiled when mtlint is built: each bundled pattern's and the
//! ones the checks search every document with
//! ([`builtin_regexes`](super::builtin_regexes)) are stored by `build.rs`
//! as the two full DFAs a match is found with, and read in place here.
//! Compiling them at every run took about 2 ms of each start-up, and the
//! first document waited for it (docs/performance.md, twenty-sixth stop);
//! reading them checks each DFA once, in 5-60 µs.

use super::builtin_regexes::BuiltinRegex;
use super::regex_shape::RegexShape;
use regex_automata::dfa::{dense, regex::Regex as DfaRegex};
use regex_automata::util::prefilter::Prefilter;
use regex_automata::{Input, Match, meta};

/// Bytes at an address a DFA can be read from in place (its tables are
/// `u32`s).
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// A file `build.rs` wrote, included at an aligned address.
macro_rules! aligned {
    ($path:expr) => {{
        static BYTES: &Aligned<[u8]> = &Aligned(*include_bytes!($path));
        &BYTES.0
    }};
}

include!(concat!(env!("OUT_DIR"), "/stored_regexes.rs"));

/// A regex's DFAs as `build.rs` stored them.
pub struct StoredDfas {
    pub source: &'static str,
    forward: &'static [u8],
    reverse: &'static [u8],
    pub shape: RegexShape,
}

/// The DFAs a regex is searched with when they are read in place.
pub type StoredRegex = DfaRegex<dense::DFA<&'static [u32]>>;

impl StoredDfas {
    /// The stored DFAs of the regex written `source`, if there are any.
    pub fn of(source: &str) -> Option<&'static StoredDfas> {
        STORED_REGEXES.iter().find(|stored| stored.source == source)
    }

    /// The regex, read from its DFAs, each checked first; a search skips
    /// to where `prefilter` finds a match may start. `None` if the DFAs do
    /// not read back (a regex-automata whose format differs from the one
    /// `build.rs` wrote with); the caller then builds the regex.
    pub fn read(&self, prefilter: Option<Prefilter>) -> Option<StoredRegex> {
        let (mut forward, _) = dense::DFA::from_bytes(self.forward).ok()?;
        let (reverse, _) = dense::DFA::from_bytes(self.reverse).ok()?;
        forward.set_prefilter(prefilter);
        Some(DfaRegex::builder().build_from_dfas(forward, reverse))
    }
}

/// A regex the checks search with: read from its stored DFAs, or (if they
/// do not read back) built as a meta regex.
#[derive(Debug)]
pub enum Finder {
    /// Boxed: a DFA's tables are read in place, but its header of byte
    /// classes and start states is 1.5 KB.
    Stored(Box<StoredRegex>),
    Built(meta::Regex),
}

impl Finder {
    /// One of the checks' regexes, which `build.rs` stores; a search
    /// skips to its first literals, if it has them.
    pub fn new(regex: &BuiltinRegex) -> Finder {
        let source = regex.source;
        let prefilter = regex.first_literals.map(|literals| {
            Prefilter::new(regex_automata::MatchKind::LeftmostFirst, literals)
                .expect("a prefilter of a few short literals")
        });
        if let Some(regex) = StoredDfas::of(source).and_then(|stored| stored.read(prefilter.clone())) {
            return Finder::Stored(Box::new(regex));
        }
        let built = meta::Builder::new()
            .configure(meta::Config::new().prefilter(prefilter))
            .build(source)
            .expect("a regex build.rs compiled builds");
        Finder::Built(built)
    }

    /// The leftmost-first match in `input`.
    pub fn find(&self, input: Input<'_>) -> Option<Match> {
        match self {
            Finder::Stored(regex) => regex.find(input),
            Finder::Built(regex) => regex.find(input),
        }
    }

    /// Each match in `haystack`, leftmost-first, not overlapping.
    #[cfg(test)]
    pub fn find_iter<'h>(&'h self, haystack: &'h str) -> Box<dyn Iterator<Item = Match> + 'h> {
        match self {
            Finder::Stored(regex) => Box::new(regex.find_iter(haystack)),
            Finder::Built(regex) => Box::new(regex.find_iter(haystack)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pack::parse;

    /// Every stored regex reads back, with the shape its source has: a
    /// regex-automata that no longer reads what `build.rs` wrote would
    /// otherwise go unnoticed, each regex built at every run instead.
    #[test]
    fn every_stored_regex_reads_back_with_its_shape() {
        assert!(!STORED_REGEXES.is_empty());
        for stored in STORED_REGEXES {
            assert!(stored.read(None).is_some(), "{}", stored.source);
            let hir = regex_syntax::parse(stored.source).unwrap();
            assert_eq!(stored.shape, RegexShape::of(&hir), "{}", stored.source);
        }
    }

    /// Each bundled pattern's regex is stored, and so are the checks' own.
    #[test]
    fn the_bundled_patterns_and_the_checks_regexes_are_stored() {
        let mut sources: Vec<String> = crate::engine::bundled_packs()
            .iter()
            .flat_map(|pack| parse(pack).unwrap().pattern)
            .map(|def| def.regex.get_ref().to_string())
            .collect();
        assert!(!sources.is_empty());
        sources.extend(
            super::super::builtin_regexes::STORED
                .iter()
                .map(|regex| regex.source.to_string()),
        );
        for source in sources {
            assert!(StoredDfas::of(&source).is_some(), "{source}");
        }
    }

    /// A stored regex given literals skips to them, and finds what it
    /// finds without them.
    #[test]
    fn a_finder_with_first_literals_finds_the_same_matches() {
        let link_start = super::super::builtin_regexes::LINK_START;
        assert!(link_start.first_literals.is_some());
        let text = "نص http://a.b وWWW.c.d و ftp : // e و www . f";
        let with = Finder::new(&link_start);
        let without = Finder::new(&BuiltinRegex {
            first_literals: None,
            ..link_start
        });
        assert!(matches!(with, Finder::Stored(_)));
        let found = |f: &Finder| f.find_iter(text).map(|m| m.range()).collect::<Vec<_>>();
        assert_eq!(found(&with).len(), 4);
        assert_eq!(found(&with), found(&without));
    }
}
