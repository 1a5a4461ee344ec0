//! Sharing one word matcher between all rules: each rule registers the
//! phrases it needs and later reads back the matches of those phrases only.

use crate::arabic::clitics::CliticPolicy;
use crate::arabic::word_matcher::{PhraseMatch, PhraseSpec, WordMatch, WordMatcher};
use crate::document::Document;
use crate::indexed_vec::IndexedVec;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Handle to a registered phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PhraseId(u32);

impl PhraseId {
    /// Its place in the registry that gave it.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Collects the phrases of all rules while they compile. Identical phrases
/// (a context word several rules use) are searched once.
#[derive(Debug, Default)]
pub struct PhraseRegistry {
    /// Each phrase once, by its handle (the order it was first added in):
    /// a map from phrase to handle held each phrase a second time, and its
    /// 200 KB were about 50 of the 740 heap pages an empty file's run
    /// touched.
    specs: IndexedVec<PhraseSpec>,
}

impl PhraseRegistry {
    /// Room for `phrases` more: growing the table phrase by phrase hashed
    /// each one again at every doubling.
    pub fn reserve(&mut self, phrases: usize) {
        self.specs.reserve(phrases);
    }

    /// Registers a literal (already validated) and returns its handle.
    pub fn add(&mut self, literal: &str, clitics: CliticPolicy) -> PhraseId {
        self.add_spec(PhraseSpec::new(literal, clitics))
    }

    /// Registers a phrase (see [`LiteralFolds::fold_with_phrase`](crate::rules::pack::LiteralFolds::fold_with_phrase))
    /// and returns its handle.
    pub fn add_spec(&mut self, spec: PhraseSpec) -> PhraseId {
        PhraseId(self.specs.find_or_push(spec).0)
    }

    /// Takes in the phrases of `later`, a registry the rules of later
    /// packs registered theirs in, as if they had been registered here
    /// after this one's: each is added in `later`'s order, so a phrase
    /// both have keeps its first handle, and the handles are those one
    /// registry would have given. Returns each of `later`'s handles' new
    /// handle, by its old one.
    pub fn join(&mut self, later: PhraseRegistry) -> Vec<PhraseId> {
        let items = later.specs.into_items();
        self.reserve(items.len());
        items.into_iter().map(|spec| self.add_spec(spec)).collect()
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
    pub fn find(&self, doc: &Document) -> PhraseHits<'_> {
        // One vector grouped by phrase (each group in document order), not
        // a vector per phrase: on a big file those vectors' growth was a
        // few per cent of the run's peak memory.
        let mut matches = self.matcher.find(doc);
        crate::stable_sort::sort_by_key_below(&mut matches, self.matcher.phrase_count(), |m| m.phrase as usize);
        let mut by_phrase: FxHashMap<u32, Range<usize>> = FxHashMap::default();
        let mut start = 0;
        for group in matches.chunk_by(|a, b| a.phrase == b.phrase) {
            by_phrase.insert(group[0].phrase, start..start + group.len());
            start += group.len();
        }
        PhraseHits {
            matcher: &self.matcher,
            matches,
            by_phrase,
        }
    }

    /// The folded literals searched for (for `mtlint rules --literals`).
    pub fn stems(&self) -> &[std::borrow::Cow<'static, str>] {
        self.matcher.stems()
    }
}

/// The matches of one document, grouped by phrase.
#[derive(Debug)]
pub struct PhraseHits<'m> {
    matcher: &'m WordMatcher,
    matches: Vec<PhraseMatch>,
    /// Where each phrase's matches are in `matches`.
    by_phrase: FxHashMap<u32, Range<usize>>,
}

impl PhraseHits<'_> {
    /// Matches of one phrase, in document order.
    pub fn of(&self, id: PhraseId) -> &[PhraseMatch] {
        self.by_phrase
            .get(&id.0)
            .map_or(&[], |range| &self.matches[range.clone()])
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

    /// Where each word of `m`, a match in `doc`, matched (for a fix that
    /// keeps each word's clitics).
    pub fn words(&self, doc: &Document, m: &PhraseMatch) -> Vec<WordMatch> {
        self.matcher.words(doc, m)
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

#[cfg(test)]
mod tests {
    use super::*;

    const NAME: CliticPolicy = CliticPolicy {
        prefixes: true,
        suffixes: false,
        article: false,
    };

    #[test]
    fn a_phrase_registered_twice_has_one_handle() {
        let mut registry = PhraseRegistry::default();
        registry.reserve(4);
        let first = registry.add("زنازين", CliticPolicy::default());
        let other = registry.add("خلايا نائمة", CliticPolicy::default());
        // The same words with other clitics are another phrase.
        let as_a_name = registry.add("زنازين", NAME);
        assert_eq!((first, other, as_a_name), (PhraseId(0), PhraseId(1), PhraseId(2)));
        assert_eq!(registry.add("زنازين", CliticPolicy::default()), first);
        // Spelled with a hamza form the fold makes the same, it is the
        // same phrase.
        assert_eq!(registry.add("خلايا نآئمة", CliticPolicy::default()), other);
        assert_eq!(registry.specs.len(), 3);
    }

    /// A registry joined by a second is the one registry both sets of
    /// phrases were registered in, in turn: the same handles.
    #[test]
    fn a_joined_registry_gives_the_handles_of_one() {
        let (first, second) = (["سجن", "خلية", "هروب"], ["فرار", "سجن", "نائمة", "فرار"]);
        let mut one = PhraseRegistry::default();
        let ids_in_one: Vec<PhraseId> = first
            .iter()
            .chain(&second)
            .map(|w| one.add(w, CliticPolicy::default()))
            .collect();
        let mut joined = PhraseRegistry::default();
        let mut ids: Vec<PhraseId> = first.iter().map(|w| joined.add(w, CliticPolicy::default())).collect();
        let mut later = PhraseRegistry::default();
        let later_ids: Vec<PhraseId> = second.iter().map(|w| later.add(w, CliticPolicy::default())).collect();
        let renumbered = joined.join(later);
        ids.extend(later_ids.iter().map(|id| renumbered[id.index()]));
        assert_eq!(ids, ids_in_one);
        assert_eq!(joined.specs.len(), 5);
    }

    #[test]
    fn each_handle_finds_its_own_phrase() {
        let mut registry = PhraseRegistry::default();
        let words = ["سجن", "سجناء", "هروب", "فرار", "خلية"];
        let ids: Vec<PhraseId> = words.iter().map(|w| registry.add(w, CliticPolicy::default())).collect();
        let matcher = registry.compile();
        let src = crate::source::SourceFile::new("t", "فرار السجناء من السجن");
        let doc = Document::new(&src);
        let hits = matcher.find(&doc);
        let found: Vec<usize> = ids.iter().map(|&id| hits.of(id).len()).collect();
        assert_eq!(found, [1, 1, 0, 1, 0]);
    }
}
