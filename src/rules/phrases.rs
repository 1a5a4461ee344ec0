//! Sharing one word matcher between all rules: each rule registers the
//! phrases it needs and later reads back the matches of those phrases only.

use crate::arabic::clitics::CliticPolicy;
use crate::arabic::word_matcher::{PhraseMatch, PhraseSpec, WordMatcher};
use crate::document::Document;
use rustc_hash::FxHashMap;

/// Handle to a registered phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhraseId(u32);

/// Collects the phrases of all rules while they compile. Identical phrases
/// (a context word several rules use) are searched once.
#[derive(Debug, Default)]
pub struct PhraseRegistry {
    specs: Vec<PhraseSpec>,
    index: FxHashMap<(String, CliticPolicy), PhraseId>,
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
        let mut by_phrase: FxHashMap<u32, Vec<PhraseMatch>> = FxHashMap::default();
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
    by_phrase: FxHashMap<u32, Vec<PhraseMatch>>,
}

impl PhraseHits {
    /// Matches of one phrase, in document order.
    pub fn of(&self, id: PhraseId) -> &[PhraseMatch] {
        self.by_phrase.get(&id.0).map_or(&[], Vec::as_slice)
    }

    /// Matches of one phrase that start within `lo..=hi` (tokens). The
    /// matches are sorted by first token, so this is a binary search, not a
    /// scan of every match in the document (context checks ask this for
    /// every candidate, which was quadratic on large files).
    pub fn starting_within(&self, id: PhraseId, lo: usize, hi: usize) -> &[PhraseMatch] {
        let all = self.of(id);
        let from = all.partition_point(|m| m.first_token() < lo);
        let to = from + all[from..].partition_point(|m| m.first_token() <= hi);
        &all[from..to]
    }

    /// Whether the phrase has a match starting at token `t`.
    pub fn starts_at(&self, id: PhraseId, t: usize) -> bool {
        !self.starting_within(id, t, t).is_empty()
    }

    /// Whether the phrase has a match ending at token `t`. Each word of a
    /// phrase is one token, so a phrase's matches all span the same number
    /// of tokens.
    pub fn ends_at(&self, id: PhraseId, t: usize) -> bool {
        let Some(first) = self.of(id).first() else {
            return false;
        };
        let length = first.last_token() - first.first_token();
        t >= length && self.starts_at(id, t - length)
    }
}
