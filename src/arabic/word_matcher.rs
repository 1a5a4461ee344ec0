//! Clitic-aware matching of many words and phrases in one pass.
//!
//! Every word of every phrase is reduced to a folded *stem* (a leading
//! article ال is split off and becomes a requirement). A stem counts inside
//! a token only if what surrounds it in that token is a valid proclitic
//! chain before and a pronoun suffix (or nothing) after: that is what keeps
//! «غيران» from matching inside «صغيران» while it still matches
//! «وبالغيران». So each token is cut every way a proclitic chain (at most
//! four letters) and a suffix (at most three) allow, and each cut is looked
//! up among the stems: a handful of lookups per token. (An Aho-Corasick
//! automaton over the text found the same stems, but also every short stem
//! inside every longer word, a hit every 34 bytes to throw away, and took
//! milliseconds to build at each start.) Phrases are then assembled from
//! the hits of consecutive tokens.

use super::char_classes::arabic_block_offset;
use super::clitics::{CliticPolicy, Proclitic, is_pronoun_suffix, proclitic};
use super::fold::fold_literal;
use super::literal::{phrase_words, split_article};
use crate::document::Document;
use crate::indexed_vec::{IndexedVec, Keyed};
use crate::rules::pack::CheckedLiteral;
use std::borrow::Cow;
use std::ops::Range;

/// A phrase to look for: one or more words, folded, and which of them a
/// rule file writes with a final teh marbuta (the fold makes it heh).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PhraseSpec {
    /// The folded words, one space between each two (borrowed from the
    /// binary for a bundled pack's literal).
    folded: Cow<'static, str>,
    /// Bit `i`: word `i` is written ending in ة, so it may also be found in
    /// its ت form before a suffix (words past the 64th never are).
    teh_marbuta: u64,
    pub clitics: CliticPolicy,
}

/// A phrase is found by all of it: its words and its clitics.
impl Keyed for PhraseSpec {
    type Key = PhraseSpec;
    fn key(&self) -> &PhraseSpec {
        self
    }
}

impl PhraseSpec {
    pub fn new(literal: &str, clitics: CliticPolicy) -> Self {
        PhraseSpec::with_fold(literal, &fold_literal(literal), clitics)
    }

    /// The spec of `literal` given its fold ([`fold_literal`], as the
    /// literal check gives it), which is then not made again: folding the
    /// words of every phrase was a tenth of compiling the bundled rules.
    pub fn with_fold(literal: &str, folded: &str, clitics: CliticPolicy) -> Self {
        let (joined, teh_marbuta) = phrase_words(literal, folded);
        PhraseSpec {
            folded: Cow::Owned(joined.unwrap_or_else(|| folded.to_string())),
            teh_marbuta,
            clitics,
        }
    }

    /// The spec of a literal `build.rs` checked: what [`PhraseSpec::with_fold`]
    /// makes, made when mtlint was built.
    pub fn checked(literal: &CheckedLiteral, clitics: CliticPolicy) -> Self {
        PhraseSpec {
            folded: Cow::Borrowed(literal.phrase()),
            teh_marbuta: literal.teh_marbuta,
            clitics,
        }
    }

    /// The folded words.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.folded.split(' ')
    }

    /// Each word's stem (the article split off) and whether it has the
    /// article; a stem is borrowed from the binary when the spec is.
    fn stems(&self) -> impl Iterator<Item = (bool, Cow<'static, str>)> + '_ {
        let stored = match &self.folded {
            Cow::Borrowed(all) => Some(*all),
            Cow::Owned(_) => None,
        };
        let mut at = 0;
        self.folded.split(' ').map(move |word| {
            let (article, stem) = split_article(word);
            let stem_at = at + (word.len() - stem.len());
            at += word.len() + 1;
            let stem = match stored {
                Some(all) => Cow::Borrowed(&all[stem_at..stem_at + stem.len()]),
                None => Cow::Owned(stem.to_string()),
            };
            (article, stem)
        })
    }
}

/// The alef of an indefinite accusative (خزانًا, written خزانا).
fn is_case_ending(after: &str) -> bool {
    after == "ا"
}

/// The letters a pronoun suffix or a case ending ends in: a word that ends
/// in none of them carries neither, and its ends need not be tried.
const SUFFIX_FINALS: [char; 6] = ['ه', 'ا', 'م', 'ن', 'ك', 'ي'];
/// [`SUFFIX_FINALS`] as a [`LetterSet`]: a token's cuts are found from its
/// bytes, as every letter of a suffix and of a proclitic chain takes two.
const SUFFIX_FINAL_SET: LetterSet = LetterSet::of(SUFFIX_FINALS);

/// The longest proclitic chain: a conjunction, a preposition and the
/// article (وبال).
const MAX_PROCLITIC_LETTERS: usize = 4;
/// The longest suffix a stem may carry (هما).
const MAX_SUFFIX_LETTERS: usize = 3;
/// Tokens (and hits) a stretch when a big file's are shared across the
/// cores: enough that handing one over costs nothing.
const TOKENS_A_STRETCH: usize = 1 << 15;
/// Stretches done ahead of the one due, per thread.
const STRETCHES_PER_THREAD: usize = 4;

/// The letters proclitic chains are made of.
const PROCLITIC_LETTERS: [char; 7] = ['و', 'ف', 'ب', 'ك', 'ل', 'س', 'ا'];
/// [`PROCLITIC_LETTERS`] as a [`LetterSet`].
const PROCLITIC_LETTER_SET: LetterSet = LetterSet::of(PROCLITIC_LETTERS);

/// A set of letters of U+0600–U+067F, one bit a letter by its place in the
/// Arabic block ([`arabic_block_offset`]): whether a token has one of them
/// at a place is a shift and a mask. Comparing its bytes with each letter
/// of a list in turn, a chain of branches, took more time for fewer
/// instructions (docs/performance.md, twentieth stop).
#[derive(Debug, Clone, Copy)]
struct LetterSet(u128);

impl LetterSet {
    const fn of<const N: usize>(letters: [char; N]) -> LetterSet {
        let mut set = 0u128;
        let mut k = 0;
        while k < N {
            let offset = letters[k] as u32 - 0x0600;
            assert!(offset < 128, "a letter of U+0600-U+067F");
            set |= 1 << offset;
            k += 1;
        }
        LetterSet(set)
    }

    /// Whether `bytes` has one of the set's letters at `at`.
    fn at(self, bytes: &[u8], at: usize) -> bool {
        // A letter's second byte is a continuation byte; past the end, or
        // before any other byte, there is none.
        bytes.get(at + 1).is_some_and(|&second| second & 0xC0 == 0x80)
            && arabic_block_offset(bytes, at).is_some_and(|offset| offset < 128 && self.0 >> offset & 1 == 1)
    }
}

#[derive(Debug, Clone)]
struct WordPattern {
    stem: u32,
    /// The stem's ت-form, for a word written ending in ة: found only
    /// before a suffix.
    t_form: Option<u32>,
    article: bool,
}

impl WordPattern {
    /// Its stems: (stem id, needs a suffix).
    fn stems(&self) -> impl Iterator<Item = (u32, bool)> {
        std::iter::once((self.stem, false)).chain(self.t_form.map(|t| (t, true)))
    }
}

/// A phrase: its words are `WordMatcher::words[first_word..][..word_count]`
/// (one vector for every phrase's words, not one each: 2,600 allocations
/// at every start-up).
#[derive(Debug, Clone)]
struct PhrasePattern {
    first_word: u32,
    word_count: u32,
    clitics: CliticPolicy,
}

/// Where one word of a phrase matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordMatch {
    pub token: usize,
    /// The stem's byte range in the folded text; before it in the token are
    /// the proclitics, after it the suffix.
    pub stem: Range<usize>,
}

/// One occurrence of a phrase, whose words are consecutive tokens. Twelve
/// bytes and nothing on the heap: a big file has millions, and a vector of
/// word matches each was nearly a tenth of its peak memory. Where each
/// word's stem lies, which only a fix needs, [`WordMatcher::words`] finds
/// again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Index of the phrase in the order given to [`WordMatcher::new`].
    pub phrase: u32,
    first: u32,
    last: u32,
}

impl PhraseMatch {
    pub fn first_token(&self) -> usize {
        self.first as usize
    }

    pub fn last_token(&self) -> usize {
        self.last as usize
    }

    /// The original byte span of the whole written phrase, clitics included.
    pub fn span(&self, doc: &Document) -> Range<usize> {
        doc.tokens[self.first_token()].span().start..doc.tokens[self.last_token()].span().end
    }
}

/// A stem found inside a token, with valid clitics around it.
#[derive(Debug, Clone, Copy)]
struct Hit {
    token: u32,
    stem: u32,
    start: u32,
    end: u32,
    prefix: Proclitic,
    prefix_empty: bool,
    suffix_empty: bool,
}

#[derive(Debug)]
pub struct WordMatcher {
    /// Which pieces of a word may be stems, asked before `stems`.
    may_be_stem: StemFilter,
    /// The stems, each found by its text; a bundled literal's is borrowed
    /// from the binary, not copied.
    stems: IndexedVec<Cow<'static, str>>,
    phrases: Vec<PhrasePattern>,
    /// Every phrase's words, phrase after phrase.
    words: Vec<WordPattern>,
    /// The phrases whose first word may match stem `s` are
    /// `first_word_of[starts[s]..starts[s + 1]]`.
    starts: Vec<u32>,
    first_word_of: Vec<u32>,
}

/// A phrase's words, among every phrase's.
fn words_of<'w>(words: &'w [WordPattern], phrase: &PhrasePattern) -> &'w [WordPattern] {
    &words[phrase.first_word as usize..(phrase.first_word + phrase.word_count) as usize]
}

impl WordMatcher {
    /// Compiles the phrases. Literals must have passed
    /// [`validate_literal`](crate::arabic::literal::validate_literal).
    pub fn new(specs: &[PhraseSpec]) -> Self {
        // The interning table is the lookup table `hits` uses.
        // About a stem a phrase: sized once, not grown.
        let mut stems: IndexedVec<Cow<'static, str>> = IndexedVec::with_capacity(specs.len());
        let mut intern = |s: Cow<'static, str>| -> u32 { stems.find_or_push(s).0 };
        let mut phrases = Vec::with_capacity(specs.len());
        let mut words = Vec::with_capacity(specs.len() * 2);
        for spec in specs {
            let first_word = words.len() as u32;
            for (i, (article, stem)) in spec.stems().enumerate() {
                let t_form = (i < 64 && spec.teh_marbuta >> i & 1 == 1 && spec.clitics.suffixes).then(|| {
                    let mut t_form = stem.strip_suffix('ه').unwrap_or(&stem).to_string();
                    t_form.push('ت');
                    t_form
                });
                words.push(WordPattern {
                    stem: intern(stem),
                    t_form: t_form.map(|t| intern(Cow::Owned(t))),
                    article,
                });
            }
            phrases.push(PhrasePattern {
                first_word,
                word_count: words.len() as u32 - first_word,
                clitics: spec.clitics,
            });
        }
        // Phrases by the stems of their first word, counted, then placed.
        let firsts = || {
            phrases
                .iter()
                .enumerate()
                .filter_map(|(i, phrase)| Some((i as u32, words_of(&words, phrase).first()?)))
                .flat_map(|(i, word)| word.stems().map(move |(stem, _)| (stem as usize, i)))
        };
        let mut starts = vec![0u32; stems.len() + 1];
        for (stem, _) in firsts() {
            starts[stem + 1] += 1;
        }
        for s in 1..starts.len() {
            starts[s] += starts[s - 1];
        }
        let mut first_word_of = vec![0u32; starts[stems.len()] as usize];
        let mut next = starts.clone();
        for (stem, phrase) in firsts() {
            first_word_of[next[stem] as usize] = phrase;
            next[stem] += 1;
        }
        let mut may_be_stem = StemFilter::default();
        for stem in stems.iter() {
            may_be_stem.insert(stem);
        }
        WordMatcher {
            may_be_stem,
            stems,
            phrases,
            words,
            starts,
            first_word_of,
        }
    }

    /// The index of `piece` among the stems, if it is one.
    fn stem_id(&self, piece: &str) -> Option<u32> {
        self.stems.find(piece)
    }

    /// The phrases whose first word may match stem `stem`.
    fn phrases_starting_with(&self, stem: u32) -> &[u32] {
        let s = stem as usize;
        &self.first_word_of[self.starts[s] as usize..self.starts[s + 1] as usize]
    }

    /// The folded stems tokens are looked up for.
    pub fn stems(&self) -> &[Cow<'static, str>] {
        &self.stems
    }

    /// How many phrases are searched for (each match's `phrase` is below).
    pub fn phrase_count(&self) -> usize {
        self.phrases.len()
    }

    /// Every phrase occurrence in the document, ordered by position.
    pub fn find(&self, doc: &Document) -> Vec<PhraseMatch> {
        // A rule set that searches no phrase (a selection without term,
        // name, glossary or near-miss rules) need not cut the tokens: two
        // thirds of the time finding hits takes, on the bench files.
        if self.phrases.is_empty() {
            return Vec::new();
        }
        let shared = crate::parallel::share_work(doc.text().len());
        self.find_in_stretches(doc, shared.then_some(TOKENS_A_STRETCH))
    }

    /// [`WordMatcher::find`], with the tokens, then the hits, shared out
    /// on the thread pool in stretches of `per` (or in one go, given
    /// `None`). Each stretch's results are joined in order, so they are
    /// the same either way.
    fn find_in_stretches(&self, doc: &Document, per: Option<usize>) -> Vec<PhraseMatch> {
        let stretches = |len: usize| -> Vec<Range<usize>> {
            let per = per.unwrap_or(len).max(1);
            (0..len).step_by(per).map(|at| at..len.min(at + per)).collect()
        };
        let mut hits = Vec::new();
        crate::parallel::in_order::for_each_in_order(
            &stretches(doc.tokens.len()),
            STRETCHES_PER_THREAD,
            |tokens| self.hits(doc, tokens.clone()),
            |more| join(&mut hits, more),
        );
        let mut out = Vec::new();
        crate::parallel::in_order::for_each_in_order(
            &stretches(hits.len()),
            STRETCHES_PER_THREAD,
            |firsts| self.matches_from(doc, &hits, firsts.clone()),
            |more| join(&mut out, more),
        );
        out
    }

    /// The phrases whose first word is one of `hits[firsts]`.
    fn matches_from(&self, doc: &Document, hits: &[Hit], firsts: Range<usize>) -> Vec<PhraseMatch> {
        let mut out = Vec::new();
        for i in firsts {
            for &phrase in self.phrases_starting_with(hits[i].stem) {
                let first = hits[i].token;
                if self.word_hits(doc, hits, first as usize, phrase as usize, |_| {}) {
                    out.push(PhraseMatch {
                        phrase,
                        first,
                        last: first + self.phrases[phrase as usize].word_count - 1,
                    });
                }
            }
        }
        out
    }

    /// The stems found in `doc.tokens[tokens]`, in order.
    fn hits(&self, doc: &Document, tokens: Range<usize>) -> Vec<Hit> {
        let text = doc.folded.text.as_str();
        let mut hits = Vec::new();
        // Where a stem may start (after a proclitic chain) and end (before a
        // suffix) in the token at hand.
        let mut starts: Vec<(usize, Proclitic)> = Vec::with_capacity(MAX_PROCLITIC_LETTERS + 1);
        let mut ends: Vec<usize> = Vec::with_capacity(MAX_SUFFIX_LETTERS + 1);
        for (token_index, token) in doc.tokens[tokens.clone()].iter().enumerate() {
            let token_index = tokens.start + token_index;
            let token_hits = hits.len();
            let range = token.folded();
            let word = &text[range.clone()];
            let bytes = word.as_bytes();
            // A stem starts after a chain of proclitic letters: at the word's
            // start or after one of its first letters, while they are such
            // letters (each two bytes).
            starts.clear();
            let mut i = 0;
            for _ in 0..=MAX_PROCLITIC_LETTERS {
                if i >= bytes.len() {
                    break;
                }
                if let Some(prefix) = proclitic(&word[..i]) {
                    starts.push((i, prefix));
                }
                if !PROCLITIC_LETTER_SET.at(bytes, i) {
                    break;
                }
                i += 2;
            }
            // A stem ends at the word's end or before a suffix, whose letters
            // take two bytes each: before its last one, two or three letters.
            ends.clear();
            ends.push(word.len());
            if SUFFIX_FINAL_SET.at(bytes, bytes.len().saturating_sub(2)) {
                ends.extend(
                    (1..=MAX_SUFFIX_LETTERS)
                        .filter_map(|letters| bytes.len().checked_sub(2 * letters))
                        .filter(|&j| {
                            word.get(j..)
                                .is_some_and(|after| is_pronoun_suffix(after) || is_case_ending(after))
                        }),
                );
            }
            for &(i, prefix) in &starts {
                for &j in &ends {
                    let Some(stem) = word
                        .get(i..j)
                        .filter(|s| self.may_be_stem.may_hold(s))
                        .and_then(|s| self.stem_id(s))
                    else {
                        continue;
                    };
                    hits.push(Hit {
                        token: token_index as u32,
                        stem,
                        start: (range.start + i) as u32,
                        end: (range.start + j) as u32,
                        prefix,
                        prefix_empty: i == 0,
                        suffix_empty: j == word.len(),
                    });
                }
            }
            // Tokens come in order, so only each token's few hits need
            // ordering (by start, then stem: one stem at one start has one
            // end, so the key is unique and an unstable sort will do).
            hits[token_hits..].sort_unstable_by_key(|h| (h.start, h.stem));
        }
        hits
    }

    /// Whether `phrase` matches with its first word at token `first`,
    /// given the hits of its tokens; `each` is shown the hit each word
    /// takes, in order.
    fn word_hits<'h>(
        &self,
        doc: &Document,
        hits: &'h [Hit],
        first: usize,
        phrase: usize,
        mut each: impl FnMut(&'h Hit),
    ) -> bool {
        let pattern = &self.phrases[phrase];
        for (k, word) in words_of(&self.words, pattern).iter().enumerate() {
            let token = first + k;
            if k > 0 && (token >= doc.tokens.len() || !doc.follows_space(token)) {
                return false;
            }
            let from = hits.partition_point(|h| (h.token as usize) < token);
            let Some(hit) = hits[from..]
                .iter()
                .take_while(|h| h.token as usize == token)
                .find(|h| word_accepts(word, h, k == 0, pattern.clitics))
            else {
                return false;
            };
            each(hit);
        }
        true
    }

    /// Where each word of a match found in `doc` matched: its token and
    /// the stem inside it. Found again from the match's own tokens, the way
    /// [`WordMatcher::find`] found it.
    pub fn words(&self, doc: &Document, m: &PhraseMatch) -> Vec<WordMatch> {
        let hits = self.hits(doc, m.first_token()..m.last_token() + 1);
        let mut words = Vec::with_capacity(m.last_token() - m.first_token() + 1);
        let found = self.word_hits(doc, &hits, m.first_token(), m.phrase as usize, |h| {
            words.push(WordMatch {
                token: h.token as usize,
                stem: h.start as usize..h.end as usize,
            })
        });
        debug_assert!(found, "a match is found again on its own tokens");
        words
    }
}

/// One bit a stem, picked by a hash of its first letters, its last letter
/// and its length ([`StemFilter::bit`]). Most of the pieces of words `hits`
/// asks about (a token with each of its proclitic and suffix cuts, a few a
/// token) are no stem, and most of those find their bit clear here, in an
/// 8 KB table that stays in the cache, instead of hashing and probing the
/// stem table. A set bit may be another stem's, so the table is still
/// asked then.
#[derive(Debug, Clone)]
struct StemFilter {
    bits: Box<[u64; STEM_FILTER_BITS / 64]>,
}

const STEM_FILTER_BITS: usize = 1 << 16;

impl Default for StemFilter {
    fn default() -> Self {
        StemFilter {
            bits: Box::new([0; STEM_FILTER_BITS / 64]),
        }
    }
}

impl StemFilter {
    /// The bit of a non-empty piece of text: from its first four bytes
    /// (two Arabic letters), its last two and its length, mixed by one
    /// multiplication (Fibonacci hashing: the top bits of the product
    /// depend on every bit of the key).
    fn bit(piece: &[u8]) -> usize {
        let mut head = [0u8; 4];
        let n = piece.len().min(4);
        head[..n].copy_from_slice(&piece[..n]);
        let tail = u64::from(u16::from_le_bytes([
            piece[piece.len() - 1],
            piece[piece.len().saturating_sub(2)],
        ]));
        let key = u64::from(u32::from_le_bytes(head)) | tail << 32 | (piece.len() as u64 & 0xFFFF) << 48;
        (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - STEM_FILTER_BITS.trailing_zeros())) as usize
    }

    fn insert(&mut self, stem: &str) {
        if !stem.is_empty() {
            let bit = Self::bit(stem.as_bytes());
            self.bits[bit / 64] |= 1 << (bit % 64);
        }
    }

    /// False when `piece` is no stem; true when it may be one. An empty
    /// piece is none.
    fn may_hold(&self, piece: &str) -> bool {
        !piece.is_empty() && {
            let bit = Self::bit(piece.as_bytes());
            self.bits[bit / 64] >> (bit % 64) & 1 == 1
        }
    }
}

/// Appends `more` to `all`; the first part is taken as it is, not copied.
fn join<T>(all: &mut Vec<T>, mut more: Vec<T>) {
    if all.is_empty() {
        *all = more;
    } else {
        all.append(&mut more);
    }
}

fn word_accepts(word: &WordPattern, hit: &Hit, first: bool, clitics: CliticPolicy) -> bool {
    let Some((_, needs_suffix)) = word.stems().find(|&(s, _)| s == hit.stem) else {
        return false;
    };
    if needs_suffix && hit.suffix_empty {
        return false;
    }
    if !clitics.suffixes && !hit.suffix_empty {
        return false;
    }
    if word.article && !hit.prefix.article {
        return false;
    }
    if !word.article && hit.prefix.article && !clitics.article {
        return false;
    }
    if hit.prefix_empty {
        return true;
    }
    if hit.prefix.article_only {
        // A bare article is part of the literal, or a clitic any word of a
        // phrase may carry (زنازينه النائمة).
        return word.article || clitics.prefixes;
    }
    // Conjunctions and prepositions attach to the first word only.
    first && clitics.prefixes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arabic::script::is_tashkeel;
    use crate::source::SourceFile;

    fn matched(literals: &[&str], text: &str) -> Vec<(usize, String)> {
        matched_with(literals, text, CliticPolicy::default())
    }

    /// The filter in front of the stem table lets every stem of the bundled
    /// literals through (and pieces of one byte to tens), and keeps most
    /// other words out.
    #[test]
    fn the_stem_filter_lets_every_stem_through() {
        let engine = crate::engine::Engine::bundled().unwrap();
        let specs: Vec<_> = engine
            .literals()
            .iter()
            .chain(&["a".into(), "ab".into(), "ﷺ".into(), "😀x".into()])
            .map(|l| PhraseSpec::new(l, CliticPolicy::default()))
            .collect();
        let matcher = WordMatcher::new(&specs);
        assert!(matcher.stems.len() > 1000);
        for stem in matcher.stems.iter() {
            assert!(matcher.may_be_stem.may_hold(stem), "{stem}");
        }
        assert!(!matcher.may_be_stem.may_hold(""));
        let text = include_str!("../../examples/hasakah-prison-attack.ar.txt");
        let folded = crate::arabic::fold::fold(text).text;
        let words: Vec<&str> = folded
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty() && matcher.stem_id(w).is_none())
            .collect();
        let kept_out = words.iter().filter(|w| !matcher.may_be_stem.may_hold(w)).count();
        assert!(kept_out * 10 > words.len() * 7, "{kept_out} of {}", words.len());
    }

    /// A letter set finds its letters, and nothing else, at any place of
    /// any bytes: every pair of bytes, and the end of a slice.
    #[test]
    fn a_letter_set_holds_its_letters_only() {
        for (set, letters) in [
            (PROCLITIC_LETTER_SET, &PROCLITIC_LETTERS[..]),
            (SUFFIX_FINAL_SET, &SUFFIX_FINALS[..]),
        ] {
            let listed: Vec<[u8; 2]> = letters
                .iter()
                .map(|c| {
                    let mut pair = [0u8; 2];
                    c.encode_utf8(&mut pair);
                    pair
                })
                .collect();
            for lead in 0..=255u8 {
                for second in 0..=255u8 {
                    let bytes = [b' ', lead, second];
                    assert_eq!(
                        set.at(&bytes, 1),
                        listed.contains(&[lead, second]),
                        "{lead:02X} {second:02X}"
                    );
                    assert!(!set.at(&bytes, 2), "a letter takes two bytes");
                }
            }
        }
    }

    /// Every suffix is made of letters of two bytes, as a token's ends
    /// are found by bytes.
    #[test]
    fn suffixes_are_letters_of_two_bytes() {
        for suffix in crate::arabic::clitics::PRONOUN_SUFFIXES.iter().chain(&["ا"]) {
            assert!(suffix.chars().all(|c| c.len_utf8() == 2), "{suffix}");
        }
    }

    /// Every pronoun suffix and case ending ends in a letter of
    /// SUFFIX_FINALS, and every such letter ends one.
    #[test]
    fn the_suffix_finals_are_the_suffixes_last_letters() {
        let endings = crate::arabic::clitics::PRONOUN_SUFFIXES.iter().copied().chain(["ا"]);
        let mut finals: Vec<char> = endings.map(|s| s.chars().next_back().unwrap()).collect();
        finals.sort_unstable();
        finals.dedup();
        let mut expected = SUFFIX_FINALS.to_vec();
        expected.sort_unstable();
        assert_eq!(finals, expected);
        // No ending of one or two letters but «ا» is a case ending, so
        // none ends outside the list.
        let letters: Vec<char> = ('\u{0621}'..='\u{064A}').collect();
        for a in &letters {
            for b in [None].into_iter().chain(letters.iter().map(Some)) {
                let ending: String = b.into_iter().chain([a]).collect();
                assert_eq!(is_case_ending(&ending), ending == "ا", "{ending}");
            }
        }
    }

    fn matched_with(literals: &[&str], text: &str, clitics: CliticPolicy) -> Vec<(usize, String)> {
        let specs: Vec<_> = literals.iter().map(|l| PhraseSpec::new(l, clitics)).collect();
        let matcher = WordMatcher::new(&specs);
        let src = SourceFile::new("t", text);
        let doc = Document::new(&src);
        matcher
            .find(&doc)
            .iter()
            .map(|m| (m.phrase as usize, text[m.span(&doc)].to_string()))
            .collect()
    }

    /// What `hits` must find: every occurrence of every stem inside a
    /// token (overlapping ones too), kept when a proclitic chain is before
    /// it and a suffix or nothing after it, as a search of the text for
    /// the stems would give.
    fn hits_by_search(matcher: &WordMatcher, doc: &Document) -> Vec<(u32, u32, u32, u32)> {
        let text = doc.folded.text.as_str();
        let mut found = Vec::new();
        for (t, token) in doc.tokens.iter().enumerate() {
            let word = &text[token.folded()];
            for (id, stem) in matcher.stems.iter().enumerate() {
                for (at, _) in word.char_indices() {
                    if !word[at..].starts_with(stem.as_ref()) {
                        continue;
                    }
                    let after = &word[at + stem.len()..];
                    if proclitic(&word[..at]).is_some()
                        && (after.is_empty() || is_pronoun_suffix(after) || is_case_ending(after))
                    {
                        let start = (token.folded().start + at) as u32;
                        found.push((t as u32, start, id as u32, start + stem.len() as u32));
                    }
                }
            }
        }
        found.sort();
        found
    }

    /// A word built as clitics are: a chain of proclitic letters, a stem or
    /// random letters, a suffix or random letters, so that cuts at every
    /// kind of place are common.
    fn word() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let prefix = prop_oneof![
            proptest::sample::select(vec![
                "", "و", "ف", "ب", "ك", "ل", "س", "ال", "وال", "لل", "ولل", "وبال", "فكال", "ا", "بب"
            ])
            .prop_map(str::to_string),
            "[وفبكلسا]{1,5}",
        ];
        let core = prop_oneof![
            proptest::sample::select(vec![
                "بر", "ات", "سام", "هم", "لا", "كتاب", "مرات", "ني", "ساهر", "وسم", "ربه", "رب"
            ])
            .prop_map(str::to_string),
            "[وفبكلساهمنيتر]{0,6}",
        ];
        let suffix = prop_oneof![
            proptest::sample::select(vec![
                "", "ه", "ها", "هم", "هما", "هن", "ك", "كم", "كن", "ي", "نا", "ا", "ت"
            ])
            .prop_map(str::to_string),
            "[هماكني]{1,4}",
        ];
        (prefix, core, suffix)
            .prop_map(|(p, c, s)| format!("{p}{c}{s}"))
            .prop_filter("a word", |w| !w.is_empty())
    }

    proptest::proptest! {
        #[test]
        fn cutting_tokens_finds_what_a_search_finds(words in proptest::collection::vec(word(), 1..12)) {
            let literals = ["بر", "ات", "سام", "هم", "لا", "كتاب", "مرات", "ني", "الساهر", "وسم", "ربه"];
            let specs: Vec<_> = literals.iter().map(|l| PhraseSpec::new(l, CliticPolicy::default())).collect();
            let matcher = WordMatcher::new(&specs);
            let text = words.join(" ");
            let src = SourceFile::new("t", text);
            let doc = Document::new(&src);
            let mut cut: Vec<_> = matcher.hits(&doc, 0..doc.tokens.len()).iter().map(|h| (h.token, h.start, h.stem, h.end)).collect();
            cut.sort();
            proptest::prop_assert_eq!(cut, hits_by_search(&matcher, &doc));
        }

        #[test]
        fn phrases_found_in_stretches_are_those_found_in_one_go(
            words in proptest::collection::vec(word(), 1..30),
            separators in proptest::collection::vec(proptest::sample::select(vec![" ", " ", "، ", "\n"]), 30),
            per in 1usize..6,
        ) {
            let literals = ["بر", "كتاب ني", "هم لا", "الساهر وسم ربه", "مرات", "سام سام"];
            let specs: Vec<_> = literals.iter().map(|l| PhraseSpec::new(l, CliticPolicy::default())).collect();
            let matcher = WordMatcher::new(&specs);
            let text: String = words.iter().zip(&separators).flat_map(|(w, s)| [w.as_str(), s]).collect();
            let src = SourceFile::new("t", text);
            let doc = Document::new(&src);
            let whole = matcher.find_in_stretches(&doc, None);
            proptest::prop_assert_eq!(matcher.find_in_stretches(&doc, Some(per)), whole);
        }

        #[test]
        fn a_match_gives_back_a_stem_of_each_word_inside_its_token(
            words in proptest::collection::vec(word(), 1..30),
        ) {
            let literals = ["بر", "كتاب ني", "هم لا", "الساهر وسم ربه", "مرات", "سام سام"];
            let specs: Vec<_> = literals.iter().map(|l| PhraseSpec::new(l, CliticPolicy::default())).collect();
            let matcher = WordMatcher::new(&specs);
            let src = SourceFile::new("t", words.join(" "));
            let doc = Document::new(&src);
            for m in matcher.find(&doc) {
                let found = matcher.words(&doc, &m);
                let tokens: Vec<usize> = found.iter().map(|w| w.token).collect();
                proptest::prop_assert_eq!(tokens, (m.first_token()..=m.last_token()).collect::<Vec<_>>());
                for (w, pattern) in found
                    .iter()
                    .zip(words_of(&matcher.words, &matcher.phrases[m.phrase as usize]))
                {
                    let token = doc.tokens[w.token].folded();
                    proptest::prop_assert!(token.start <= w.stem.start && w.stem.end <= token.end);
                    let stem = &doc.folded.text[w.stem.clone()];
                    proptest::prop_assert!(pattern.stems().any(|(id, _)| matcher.stems[id as usize] == stem));
                }
            }
        }
    }

    proptest::proptest! {
        /// A spec made from the whole literal's fold has the words each
        /// word's own fold gives, and the teh marbuta each word is written
        /// with: letters, marks, tatweel, invisible characters and words
        /// of marks alone, between spaces of several kinds.
        #[test]
        fn a_spec_from_the_literals_fold_is_the_spec_of_its_words_folded_alone(
            literal in "[ةهتمكباأإآىيء\u{064B}\u{0650}\u{0651}\u{0640}\u{200C}\u{200F} \u{00A0}\t]{0,24}",
        ) {
            let clitics = CliticPolicy { prefixes: true, suffixes: true, article: true };
            let spec = PhraseSpec::with_fold(&literal, &fold_literal(&literal), clitics);
            let by_word: Vec<String> = literal.split_whitespace().map(fold_literal).collect();
            if !by_word.is_empty() {
                proptest::prop_assert_eq!(spec.words().collect::<Vec<_>>(), by_word);
            }
            for (i, raw) in literal.split_whitespace().enumerate() {
                let teh = raw.chars().rev().find(|c| !is_tashkeel(*c)) == Some('ة');
                proptest::prop_assert_eq!(spec.teh_marbuta >> i & 1 == 1, teh, "word {}", i);
            }
            proptest::prop_assert_eq!(&spec, &PhraseSpec::new(&literal, clitics));
        }
    }

    /// A stored spec's stems are slices of its stored words: the same
    /// stems, with the same articles, as a spec made now.
    #[test]
    fn a_stored_spec_gives_the_stems_a_made_one_gives() {
        let made = PhraseSpec::new("الحرس الثوري ومدينة", CliticPolicy::default());
        let stored = PhraseSpec {
            folded: Cow::Borrowed(Box::leak(made.folded.to_string().into_boxed_str())),
            ..made.clone()
        };
        let stems: Vec<_> = stored.stems().collect();
        assert_eq!(stems, made.stems().collect::<Vec<_>>());
        assert!(stems.iter().all(|(_, stem)| matches!(stem, Cow::Borrowed(_))));
        let expected = [(true, "حرس"), (true, "ثوري"), (false, "ومدينه")];
        assert_eq!(
            stems.iter().map(|(a, s)| (*a, s.as_ref())).collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn word_with_clitics_and_tashkeel() {
        let found = matched(&["الغيران"], "قرب الغيران ثم وبالغيرانِ ثم للغيران.");
        let words: Vec<_> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(words, ["الغيران", "وبالغيرانِ", "للغيران"]);
    }

    #[test]
    fn never_inside_a_longer_word() {
        assert!(matched(&["غيران"], "طفلان صغيران").is_empty());
        assert!(matched(&["دولة"], "المنظمات الدولية").is_empty());
        assert!(matched(&["عبادي"], "عباديون").is_empty());
    }

    #[test]
    fn article_in_literal_is_required() {
        assert!(matched(&["الغيران"], "غيران").is_empty());
        assert_eq!(matched(&["غيران"], "الغيران").len(), 1);
    }

    #[test]
    fn pronoun_suffixes_and_teh_marbuta() {
        let found = matched(&["زنازين نائمة"], "حشد زنازينه النائمة و زنازينها نائمتها");
        let spans: Vec<_> = found.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(spans, ["زنازينه النائمة", "زنازينها نائمتها"]);
        let off = CliticPolicy {
            suffixes: false,
            ..CliticPolicy::default()
        };
        assert!(matched_with(&["زنازين"], "زنازينه", off).is_empty());
    }

    #[test]
    fn prefixes_only_on_the_first_word() {
        assert_eq!(matched(&["مظلوم عبادي"], "قال ومظلوم عبادي").len(), 1);
        assert!(matched(&["مظلوم عبادي"], "مظلوم وعبادي").is_empty());
        assert!(
            matched(&["مظلوم عبادي"], "مظلوم، عبادي").is_empty(),
            "punctuation breaks a phrase"
        );
    }

    #[test]
    fn clitics_can_be_switched_off() {
        let none = CliticPolicy {
            prefixes: false,
            suffixes: false,
            article: false,
        };
        assert!(matched_with(&["عبادي"], "وعبادي", none).is_empty());
        assert_eq!(matched_with(&["عبادي"], "عبادي", none).len(), 1);
    }
}
