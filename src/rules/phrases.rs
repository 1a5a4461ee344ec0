//! Sharing one word matcher between all rules: each rule registers the
//! phrases it needs and later reads back the matches of those phrases only.

use crate::arabic::clitics::CliticPolicy;
use crate::arabic::word_matcher::{PhraseMatch, PhraseSpec, WordMatcher};
use crate::document::Document;
use std::collections::HashMap;

/// Handle to a registered phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhraseId(u32);

/// Collects the phrases of all rules while they compile. Identical phrases
/// (a context word several rules use) are searched once.
#[derive(Debug, Default)]
pub struct PhraseRegistry {
    specs: Vec<PhraseSpec>,
    index: HashMap<(String, CliticPolicy), PhraseId>,
}

impl PhraseRegistry {
    /// Registers a literal (already validated) and returns its handle.
    pub fn add(&mut self, literal: &str, clitics: CliticPolicy) -> PhraseId {
        let spec = PhraseSpec::new(literal, clitics);
        let key = (spec.words.join(" "), clitics);
        *self.index.entry(key).or_insert_with(|| {
            self.specs.push(spec);
            PhraseId((self.specs.len() - 1) as u32)
        })
    }

    pub fn compile(self) -> PhraseMatcher {
        PhraseMatcher {
            matcher: WordMatcher::new(&self.specs),
        }
    }
}

#[derive(Debug)]
pub struct PhraseMatcher {
    matcher: WordMatcher,
}

impl PhraseMatcher {
    pub fn find(&self, doc: &Document) -> PhraseHits {
        let mut by_phrase: HashMap<u32, Vec<PhraseMatch>> = HashMap::new();
        for m in self.matcher.find(doc) {
            by_phrase.entry(m.phrase as u32).or_default().push(m);
        }
        PhraseHits { by_phrase }
    }

    /// The folded literals searched for (for `mtlint rules --literals`).
    pub fn stems(&self) -> &[String] {
        self.matcher.stems()
    }
}

/// The matches of one document, grouped by phrase.
#[derive(Debug, Default)]
pub struct PhraseHits {
    by_phrase: HashMap<u32, Vec<PhraseMatch>>,
}

impl PhraseHits {
    /// Matches of one phrase, in document order.
    pub fn of(&self, id: PhraseId) -> &[PhraseMatch] {
        self.by_phrase.get(&id.0).map_or(&[], Vec::as_slice)
    }
}
