//! The consistency rule on a big text checked a stretch at a time
//! ([`crate::stretches`]): each stretch hands on its rare and unlisted
//! cores with what the rule asks of each place, and the Latin names it
//! holds; the pairing and the Latin-and-Arabic check run once the last
//! stretch is in, over every place in the article.

use super::{ConsistencyRule, InDocument, LatinName, Sightings, add_latin, is_common, latin_words};
use crate::arabic::lexicon::each_with_zipf;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::CheckContext;
use crate::rules::carry::{AcrossStretches, Carried, Part, unpack};
use crate::source::SourceFile;
use rustc_hash::FxHashMap;
use std::collections::hash_map::Entry;
use std::ops::Range;

/// A place of a core, with what the rule asks of it found while its
/// stretch's document was at hand (offsets 32-bit, like a document's).
#[derive(Debug, Clone, Copy)]
struct Place {
    token: u32,
    start: u32,
    len: u16,
    core_start: u32,
    /// [`WORD_IS_COMMON`], [`WORD_IS_LISTED`], [`BARE`].
    flags: u8,
}

const WORD_IS_COMMON: u8 = 1;
const WORD_IS_LISTED: u8 = 2;
const BARE: u8 = 4;

impl Place {
    /// The place `by_tokens` tokens and `by_bytes` bytes further on.
    fn shifted(self, by_tokens: usize, by_bytes: usize) -> Place {
        Place {
            token: self.token + by_tokens as u32,
            start: self.start + by_bytes as u32,
            core_start: self.core_start + by_bytes as u32,
            ..self
        }
    }
}

/// What one stretch hands on.
struct StretchCores {
    tokens: usize,
    /// The cores that are rare or unlisted, each with its places here.
    cores: Vec<(Box<str>, Vec<Place>)>,
    /// The Latin words (token, span, skeleton), in order.
    latin: Vec<(usize, Range<usize>, String)>,
}

impl AcrossStretches for ConsistencyRule {
    fn check_stretch(&self, cx: &CheckContext, _out: &mut Vec<Diagnostic>) -> Part {
        Box::new(self.stretch_cores(cx.doc))
    }

    fn carry<'a>(&'a self, source: &'a SourceFile) -> Box<dyn Carried + 'a> {
        Box::new(InArticle {
            rule: self,
            source,
            tokens: 0,
            cores: FxHashMap::default(),
            latin: Vec::new(),
        })
    }
}

impl ConsistencyRule {
    /// What a stretch hands on.
    fn stretch_cores(&self, doc: &Document) -> StretchCores {
        let cores = self.cores(doc);
        // Only the rare cores are paired and only the unlisted ones read by
        // the Latin-and-Arabic check: the others' places are not kept.
        let (rare, unlisted) = self.by_lexicon(cores.written.keys().copied());
        let mut kept: Vec<&str> = rare.into_iter().chain(unlisted).collect();
        kept.sort_unstable();
        kept.dedup();
        let places = kept
            .iter()
            .flat_map(|&core| cores.places(cores.written[core]).map(move |token| (core, token)));
        let whole = InDocument { doc, cores: &cores };
        let mut kept_cores: Vec<(Box<str>, Vec<Place>)> = Vec::with_capacity(kept.len());
        // The words at the places, looked up a batch at a time.
        each_with_zipf(
            places,
            |&(_, token)| doc.folded_word(&doc.tokens[token]),
            |(core, token), z| {
                let mut flags = 0;
                if is_common(z) {
                    flags |= WORD_IS_COMMON;
                }
                if z.is_some() {
                    flags |= WORD_IS_LISTED;
                }
                if whole.is_bare(token, core) {
                    flags |= BARE;
                }
                let span = whole.span(token);
                let place = Place {
                    token: token as u32,
                    start: span.start as u32,
                    len: span.len() as u16,
                    core_start: whole.core_start(token) as u32,
                    flags,
                };
                match kept_cores.last_mut() {
                    Some((last, at)) if **last == *core => at.push(place),
                    _ => {
                        // Sized to the core's places: most rare cores are
                        // written once, and a vector grown from nothing
                        // holds four.
                        let mut at = Vec::with_capacity(cores.written[core].count as usize);
                        at.push(place);
                        kept_cores.push((core.into(), at));
                    }
                }
            },
        );
        StretchCores {
            tokens: doc.tokens.len(),
            cores: kept_cores,
            latin: latin_words(doc).collect(),
        }
    }
}

/// The rare and unlisted cores of the text so far, with their places, and
/// its Latin names.
struct InArticle<'a> {
    rule: &'a ConsistencyRule,
    source: &'a SourceFile,
    /// Tokens so far.
    tokens: usize,
    cores: FxHashMap<Box<str>, Vec<Place>>,
    latin: Vec<LatinName>,
}

impl Carried for InArticle<'_> {
    fn take(&mut self, part: Part, start: usize, _out: &mut Vec<Diagnostic>) {
        let StretchCores { tokens, cores, latin } = unpack(part);
        for (core, mut places) in cores {
            for place in &mut places {
                *place = place.shifted(self.tokens, start);
            }
            match self.cores.entry(core) {
                Entry::Occupied(mut earlier) => earlier.get_mut().extend(places),
                // The stretch's vector, sized to its places, is kept.
                Entry::Vacant(new) => {
                    new.insert(places);
                }
            }
        }
        for (token, span, skeleton) in latin {
            add_latin(
                &mut self.latin,
                token + self.tokens,
                span.start + start..span.end + start,
                skeleton,
            );
        }
        self.tokens += tokens;
    }

    fn finish(self: Box<Self>, out: &mut Vec<Diagnostic>) {
        let (rare, unlisted) = self.rule.by_lexicon(self.cores.keys().map(|core| &**core));
        self.rule.report_pairs(&*self, &rare, out);
        self.rule.latin_and_arabic(&*self, &self.latin, &unlisted, out);
    }
}

impl Sightings for InArticle<'_> {
    type Place = Place;

    fn source(&self) -> &SourceFile {
        self.source
    }

    fn count_and_first(&self, core: &str) -> (u32, u32) {
        let places = &self.cores[core];
        (places.len() as u32, places[0].token)
    }

    fn places(&self, core: &str) -> impl Iterator<Item = Place> + '_ {
        self.cores[core].iter().copied()
    }

    fn token_number(&self, place: Place) -> usize {
        place.token as usize
    }

    fn span(&self, place: Place) -> Range<usize> {
        let start = place.start as usize;
        start..start + usize::from(place.len)
    }

    fn core_start(&self, place: Place) -> usize {
        place.core_start as usize
    }

    fn word_is_common(&self, place: Place) -> bool {
        place.flags & WORD_IS_COMMON != 0
    }

    fn word_is_listed(&self, place: Place) -> bool {
        place.flags & WORD_IS_LISTED != 0
    }

    fn is_bare(&self, place: Place, _core: &str) -> bool {
        place.flags & BARE != 0
    }
}

#[cfg(test)]
mod tests {
    use super::super::Cores;
    use super::*;
    use crate::diagnostic::Severity;
    use crate::rules::pack_str::PackStr;

    /// Every place a stretch hands on answers the rule's questions as the
    /// document's token does, for every rare or unlisted core.
    fn places_agree_with_tokens(text: &str) {
        let rule = ConsistencyRule {
            id: PackStr::from_static("t"),
            severity: Severity::Warning,
            message: Default::default(),
            min_letters: 4,
        };
        let source = SourceFile::new("t", text);
        let doc = Document::new(&source);
        let cores: Cores = rule.cores(&doc);
        let whole = InDocument {
            doc: &doc,
            cores: &cores,
        };
        let mut carried = InArticle {
            rule: &rule,
            source: &source,
            tokens: 0,
            cores: FxHashMap::default(),
            latin: Vec::new(),
        };
        carried.take(Box::new(rule.stretch_cores(&doc)), 0, &mut Vec::new());
        let (rare, unlisted) = rule.by_lexicon(cores.written.keys().copied());
        let mut kept: Vec<&str> = rare.into_iter().chain(unlisted).collect();
        kept.sort_unstable();
        kept.dedup();
        let mut handed_on: Vec<&str> = carried.cores.keys().map(|core| &**core).collect();
        handed_on.sort_unstable();
        assert_eq!(handed_on, kept);
        assert!(!kept.is_empty());
        let (mut bare, mut listed, mut common, mut clitics) = (0, 0, 0, 0);
        for core in kept {
            assert_eq!(carried.count_and_first(core), whole.count_and_first(core), "{core}");
            let ours: Vec<Place> = carried.places(core).collect();
            let theirs: Vec<usize> = whole.places(core).collect();
            assert_eq!(ours.len(), theirs.len(), "{core}");
            for (&p, &t) in ours.iter().zip(&theirs) {
                assert_eq!(carried.token_number(p), whole.token_number(t));
                assert_eq!(carried.span(p), whole.span(t));
                assert_eq!(carried.core_start(p), whole.core_start(t), "{core}");
                assert_eq!(carried.word_is_common(p), whole.word_is_common(t), "{core}");
                assert_eq!(carried.word_is_listed(p), whole.word_is_listed(t), "{core}");
                assert_eq!(carried.is_bare(p, core), whole.is_bare(t, core), "{core}");
                bare += usize::from(whole.is_bare(t, core));
                listed += usize::from(whole.word_is_listed(t));
                common += usize::from(whole.word_is_common(t));
                clitics += usize::from(whole.core_start(t) > whole.span(t).start);
            }
        }
        // Each question has both answers somewhere in the text.
        assert!(
            bare > 0 && listed > 0 && common > 0 && clitics > 0,
            "{bare} {listed} {common} {clitics}"
        );
    }

    #[test]
    fn a_stretchs_places_answer_as_the_tokens_do() {
        places_agree_with_tokens(include_str!("../../../examples/hasakah-prison-attack.ar.txt"));
        // Rare cores with a common word written at one of their places.
        places_agree_with_tokens("الاتجار بالبشر والابقار الغويران وبالغويران غيران والكتاب بالمكتبات");
    }
}
