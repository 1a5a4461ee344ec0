//! `[[consistency]]`: a proper name transliterated two ways in one article
//! («الغويران» … «بالغيران»), found without any dictionary entry for it.
//!
//! Transliterations of one name mostly differ by a long vowel written or
//! left out (Ghweiran: غويران / غيران). Words are reduced to a core (a
//! leading article and what precedes it removed); two cores that differ by
//! one interior ا و ي are taken for one name, unless the rarer spelling is a
//! common Arabic word, and the rarer spelling is reported.

mod stretches;

use super::carry::AcrossStretches;
use super::pack::{ConsistencyDef, PackError, PackSource};
use super::pack_str::PackStr;
use super::{CheckContext, Compiler, Rule, RuleInfo, RuleKind, compile_common, render_message};
use crate::arabic::clitics::{PRONOUN_SUFFIXES, is_pronoun_suffix, proclitic};
use crate::arabic::lexicon::{each_with_zipf, zipf};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use crate::source::SourceFile;
use rustc_hash::FxHashMap;
use std::ops::Range;

/// Latin names compared with the article's Arabic words (each is compared
/// with every rare word; an article has far fewer).
const MAX_LATIN_NAMES: usize = 300;

/// The longest core compared.
const MAX_NAME_LETTERS: usize = 40;

/// A core at least this frequent (about 1 in a million words) is ordinary
/// vocabulary, not a name; a written form in the word list at all is a word.
const COMMON_ZIPF: f32 = 3.0;

/// Whether a word of Zipf frequency `z` (`None`: rarer than the lexicon
/// holds) is ordinary vocabulary.
fn is_common(z: Option<f32>) -> bool {
    z.is_some_and(|z| z >= COMMON_ZIPF)
}

/// Endings after a long vowel that make an inflection rather than a second
/// spelling: duals and plurals, with or without a pronoun suffix (كتفاه,
/// كتفيه, مبارياتهما), nisba and feminine endings (الرجولية), the verb's
/// plural ـوا (تكيفوا).
fn is_inflection(tail: &str) -> bool {
    let stem = PRONOUN_SUFFIXES
        .iter()
        .filter_map(|s| tail.strip_suffix(s))
        .chain(std::iter::once(tail))
        .any(is_inflection_ending);
    stem || is_pronoun_suffix(tail)
}

fn is_inflection_ending(rest: &str) -> bool {
    // By length first: each arm then compares a few bytes in place, where a
    // single `matches!` over all the endings compiled to calls to memcmp
    // (1 % of a run, this being asked for every pair of spellings).
    match rest.len() {
        0 => true,
        2 => matches!(rest, "ا" | "ن" | "ت" | "ه"),
        4 => matches!(rest, "ات" | "تا" | "ون" | "ين" | "ان"),
        6 => matches!(rest, "تان" | "تين"),
        _ => false,
    }
}

/// Consonants transliterations confuse: ز/س, ت/ط, ك/ق, ج/غ, ف/ڤ, ب/پ,
/// د/ض, س/ص, ذ/ز.
fn confusable(c: char) -> &'static [char] {
    match c {
        'ز' => &['س', 'ذ'],
        'س' => &['ز', 'ص'],
        'ت' => &['ط'],
        'ط' => &['ت'],
        'ك' => &['ق', 'ج'],
        'ق' => &['ك'],
        'ج' => &['غ', 'ك'],
        'غ' => &['ج'],
        'ف' => &['ڤ'],
        'ڤ' => &['ف'],
        'ب' => &['پ'],
        'پ' => &['ب'],
        'د' => &['ض'],
        'ض' => &['د'],
        'ص' => &['س'],
        'ذ' => &['ز'],
        _ => &[],
    }
}

#[derive(Debug)]
pub struct ConsistencyRule {
    id: PackStr,
    severity: Severity,
    message: PackStr,
    min_letters: usize,
}

pub fn compile(
    def: &ConsistencyDef,
    pack: &PackSource,
    _compiler: &mut Compiler,
) -> Result<(RuleInfo, ConsistencyRule), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    super::check_message(pack, &def.message, &["found", "majority", "count"])?;
    if def.min_letters < 3 {
        return Err(
            PackError::new(pack, Some(def.id.span()), "`min-letters` must be at least 3")
                .with_label("shorter words differ by a vowel far too often to be names"),
        );
    }
    let rule = ConsistencyRule {
        id: id.clone(),
        severity: def.severity,
        message: def.message.get_ref().clone(),
        min_letters: def.min_letters,
    };
    let info = RuleInfo {
        id,
        kind: RuleKind::Consistency,
        severity: def.severity,
        message: def.message.get_ref().clone(),
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: Some(Applicability::Unsafe),
    };
    Ok((info, rule))
}

/// Where one core is written: its first and last tokens and how many
/// there are (the places between are chained in [`Cores::next`]).
#[derive(Debug, Clone, Copy)]
struct Written {
    first: u32,
    last: u32,
    count: u32,
}

/// The cores of a document's words, each with its places.
///
/// The places are chained token to token rather than kept in a vector per
/// core: on a big file those vectors (16 bytes a word and the slack of
/// their doubling) were a hundred megabytes beside the document, and
/// growing them was much of the rule's time. A pair of spellings is rare,
/// so the few places read are followed along the chain.
struct Cores<'d> {
    written: FxHashMap<&'d str, Written>,
    /// The next token with the same core, by token (only for tokens that
    /// are places of a core).
    next: Vec<u32>,
}

impl Cores<'_> {
    /// The tokens a core is written at, in order.
    fn places(&self, core: Written) -> impl Iterator<Item = usize> + '_ {
        let mut at = Some(core.first);
        std::iter::from_fn(move || {
            let token = at?;
            at = (token != core.last).then(|| self.next[token as usize]);
            Some(token as usize)
        })
    }
}

/// Splits a folded word into (definite proclitics, core). Only prefixes that
/// end in the article are removed: without it, a first letter و ب ف ك ل
/// is as likely part of the name as a clitic.
fn core_of(word: &str) -> (usize, &str) {
    // Article-bearing prefixes are 2 to 4 letters (ال … وبال); take the
    // longest that leaves a core of two letters or more. This runs for
    // every word, so the first characters are stepped over by their lead
    // bytes, and only a prefix that ends in the article's lam (ال, لل) is
    // asked whether it is one.
    let bytes = word.as_bytes();
    let mut split = 0;
    let mut at = 0;
    for letters_before in 0..5 {
        let Some(&lead) = bytes.get(at) else {
            break;
        };
        let width = utf8_width(lead);
        if letters_before >= 2
            && bytes[..at].ends_with("ل".as_bytes())
            && proclitic(&word[..at]).is_some_and(|p| p.article)
            // A second character after the first of the core.
            && at + width < bytes.len()
        {
            split = at;
        }
        at += width;
    }
    (split, &word[split..])
}

/// The width of the UTF-8 character that starts with `lead`.
fn utf8_width(lead: u8) -> usize {
    match lead {
        0..=0x7F => 1,
        0x80..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// The pairs of `cores` that may be one name written two ways: `(longer,
/// shorter)` for one interior long vowel or one letter of a doubled
/// consonant left out, `(a, b)` with `a < b` for one consonant heard two
/// ways.
///
/// Most rare cores have no other spelling in their article, and building
/// each candidate spelling and looking it up was most of the rule's time.
/// Both spellings of a pair have one [`spelling_key`], so only a core that
/// shares its key with another looks for its other spellings, and only
/// among the cores that share it.
fn spelling_pairs<'c>(cores: &[&'c str]) -> Vec<(&'c str, &'c str)> {
    let mut keyed: Vec<(u64, &'c str)> = cores.iter().map(|&core| (spelling_key(core), core)).collect();
    keyed.sort_unstable_by_key(|&(key, _)| key);
    let mut pairs = Vec::new();
    // One buffer for every candidate spelling, and one for the letters of
    // the word at hand.
    let mut candidate = String::new();
    let mut chars: Vec<(usize, char)> = Vec::new();
    for group in keyed.chunk_by(|a, b| a.0 == b.0).filter(|group| group.len() > 1) {
        // A handful of cores at most: read in turn, not hashed.
        let in_group = |spelling: &str| group.iter().map(|&(_, core)| core).find(|&core| core == spelling);
        for &(_, longer) in group {
            partners(longer, &in_group, &mut candidate, &mut chars, &mut pairs);
        }
    }
    pairs
}

/// What two spellings of one name have in common: the first letter, then
/// the other letters with the interior long vowels left out, each
/// consonant by its class of [`confusable`] letters, and runs of one
/// letter written once. Leaving out an interior vowel or a letter of a
/// doubled consonant, or putting a confusable consonant after the first
/// letter for another, keeps the key.
fn spelling_key(core: &str) -> u64 {
    use std::hash::Hasher;
    let mut hasher = rustc_hash::FxHasher::default();
    let mut chars = core.chars().peekable();
    let Some(first) = chars.next() else {
        return 0;
    };
    hasher.write_u32(u32::from(first));
    let mut previous = None;
    while let Some(c) = chars.next() {
        let last = chars.peek().is_none();
        if !last && matches!(c, 'ا' | 'و' | 'ي') {
            continue;
        }
        let class = confusable_class(c);
        if previous != Some(class) {
            hasher.write_u32(u32::from(class));
            previous = Some(class);
        }
    }
    hasher.finish()
}

/// One letter for each class of letters [`confusable`] links.
fn confusable_class(c: char) -> char {
    match c {
        'ز' | 'س' | 'ص' | 'ذ' => 'ز',
        'ت' | 'ط' => 'ت',
        'ك' | 'ق' | 'ج' | 'غ' => 'ك',
        'ف' | 'ڤ' => 'ف',
        'ب' | 'پ' => 'ب',
        'د' | 'ض' => 'د',
        _ => c,
    }
}

/// Adds the pairs `longer` makes with the other spellings [`spelling_pairs`]
/// describes.
fn partners<'c>(
    longer: &'c str,
    is_core: &impl Fn(&str) -> Option<&'c str>,
    candidate: &mut String,
    chars: &mut Vec<(usize, char)>,
    pairs: &mut Vec<(&'c str, &'c str)>,
) {
    chars.clear();
    chars.extend(longer.char_indices());
    for (k, &(at, c)) in chars.iter().enumerate().take(chars.len().saturating_sub(1)).skip(1) {
        let tail = &longer[at + c.len_utf8()..];
        // «وويكيميديا» is و + «ويكيميديا», not a second spelling.
        let conjunction = at == 'و'.len_utf8() && c == 'و' && longer.starts_with('و');
        // Egyptian verbs write their prefixes with or without the
        // vowel: «بيستخدم»/«بستخدم», «ماقدرش»/«مقدرش».
        let dialect_prefix = (k == 1
            && ((chars[0].1 == 'ب' && c == 'ي') || (chars[0].1 == 'م' && c == 'ا' && longer.ends_with('ش'))))
            // The plural of a negated verb: «مكنوش»/«مكنش».
            || (chars[0].1 == 'م' && c == 'و' && tail == "ش");
        // A letter written twice for a doubled consonant
        // («ماتتيو»/«ماتيو»).
        // Not ت or ن, which verbs double (أتتذكرون beside أتذكرون).
        let doubled = chars.get(k + 1).is_some_and(|&(_, next)| next == c) && !matches!(c, 'ا' | 'و' | 'ي' | 'ت' | 'ن');
        // Broken plurals: فاعل → فواعل («حاجبها»/«حواجبها»), أفعل →
        // أفاعل («إصبعها»/«أصابعها»).
        let broken_plural = (k == 1 && c == 'و' && chars.get(2).is_some_and(|&(_, n)| n == 'ا'))
            || (k == 2 && c == 'ا' && chars[0].1 == 'ا');
        let vowel =
            matches!(c, 'ا' | 'و' | 'ي') && !is_inflection(tail) && !conjunction && !dialect_prefix && !broken_plural;
        if !(vowel || doubled) {
            continue;
        }
        candidate.clear();
        candidate.push_str(&longer[..at]);
        candidate.push_str(&longer[at + c.len_utf8()..]);
        if let Some(shorter) = is_core(candidate.as_str()) {
            pairs.push((longer, shorter));
        }
    }
    // A consonant heard two ways (بريتزكي/بريتسكي): names of five
    // letters or more, one letter of a commonly confused pair.
    if chars.len() >= 5 {
        for &(at, c) in &chars[1..] {
            for &other in confusable(c) {
                candidate.clear();
                candidate.push_str(&longer[..at]);
                candidate.push(other);
                candidate.push_str(&longer[at + c.len_utf8()..]);
                if let Some(variant) = is_core(candidate.as_str())
                    && longer < variant
                {
                    pairs.push((longer, variant));
                }
            }
        }
    }
}

impl ConsistencyRule {
    fn cores<'d>(&self, doc: &'d Document) -> Cores<'d> {
        // An article has a few hundred cores: sized once for them instead
        // of doubled from nothing (a big file grows it as before).
        let mut written: FxHashMap<&str, Written> =
            FxHashMap::with_capacity_and_hasher(doc.tokens.len().min(1 << 10), Default::default());
        let mut next = vec![0; doc.tokens.len()];
        // The Latin-and-Arabic check reads its words from the cores too.
        let min_letters = self.min_letters.min(TRANSLITERATION_MIN_LETTERS);
        for (i, token) in doc.tokens.iter().enumerate() {
            if !doc.is_arabic_word(i) {
                continue;
            }
            let word = doc.folded_word(token);
            // Arabic letters take two bytes or more, so a word this short
            // has too few letters, and so has its core.
            if word.len() < 2 * min_letters {
                continue;
            }
            let (_, core) = core_of(word);
            let letters = core.chars().count();
            // A name is not forty letters long; a run that is (hostile
            // input, a glued line) would make the pairing quadratic.
            if letters >= min_letters && letters <= MAX_NAME_LETTERS {
                // Token indices are 32-bit (a document's offsets are).
                let i = i as u32;
                written
                    .entry(core)
                    .and_modify(|w| {
                        next[w.last as usize] = i;
                        w.last = i;
                        w.count += 1;
                    })
                    .or_insert(Written {
                        first: i,
                        last: i,
                        count: 1,
                    });
            }
        }
        Cores { written, next }
    }

    /// The rare cores (no common word; of `min_letters` or more), which
    /// the rule pairs, and the cores the lexicon does not hold at all,
    /// which the Latin-and-Arabic check reads.
    fn by_lexicon<'c>(&self, cores: impl Iterator<Item = &'c str>) -> (Vec<&'c str>, Vec<&'c str>) {
        let mut rare = Vec::new();
        let mut unlisted = Vec::new();
        each_with_zipf(
            cores,
            |core| *core,
            |core, z| {
                if z.is_none() {
                    unlisted.push(core);
                }
                if !is_common(z) && core.chars().count() >= self.min_letters {
                    rare.push(core);
                }
            },
        );
        (rare, unlisted)
    }
}

/// Where an article's cores are written, and what the rule asks of each
/// place: read from the document's tokens when the article is checked
/// whole ([`InDocument`]), from what its stretches handed on when a big
/// text is checked a stretch at a time ([`stretches`]).
trait Sightings {
    /// One place a core is written at.
    type Place: Copy;

    fn source(&self) -> &SourceFile;

    /// How many times `core` is written, and the number of the token it is
    /// first written at.
    fn count_and_first(&self, core: &str) -> (u32, u32);

    /// Where `core` is written, in order.
    fn places(&self, core: &str) -> impl Iterator<Item = Self::Place> + '_;

    /// The number of the place's token in the article.
    fn token_number(&self, place: Self::Place) -> usize;

    /// The place's word in the original text.
    fn span(&self, place: Self::Place) -> Range<usize>;

    /// Where the core starts in the original text: after the clitics before
    /// it.
    fn core_start(&self, place: Self::Place) -> usize;

    /// The word written there (folded, clitics and all) is ordinary
    /// vocabulary ([`is_common`]).
    fn word_is_common(&self, place: Self::Place) -> bool;

    /// The word written there is in the lexicon at all.
    fn word_is_listed(&self, place: Self::Place) -> bool;

    /// The word written there is `core` with no clitics.
    fn is_bare(&self, place: Self::Place, core: &str) -> bool;
}

/// The cores of a document checked whole: a place is a token's number.
struct InDocument<'d> {
    doc: &'d Document<'d>,
    cores: &'d Cores<'d>,
}

impl InDocument<'_> {
    fn word(&self, token: usize) -> &str {
        self.doc.folded_word(&self.doc.tokens[token])
    }
}

impl Sightings for InDocument<'_> {
    type Place = usize;

    fn source(&self) -> &SourceFile {
        self.doc.source
    }

    fn count_and_first(&self, core: &str) -> (u32, u32) {
        let written = self.cores.written[core];
        (written.count, written.first)
    }

    fn places(&self, core: &str) -> impl Iterator<Item = usize> + '_ {
        self.cores.places(self.cores.written[core])
    }

    fn token_number(&self, token: usize) -> usize {
        token
    }

    fn span(&self, token: usize) -> Range<usize> {
        self.doc.tokens[token].span()
    }

    fn core_start(&self, token: usize) -> usize {
        let prefix = core_of(self.word(token)).0;
        self.doc
            .folded
            .map
            .to_original(self.doc.tokens[token].folded().start + prefix)
    }

    fn word_is_common(&self, token: usize) -> bool {
        is_common(zipf(self.word(token)))
    }

    fn word_is_listed(&self, token: usize) -> bool {
        zipf(self.word(token)).is_some()
    }

    fn is_bare(&self, token: usize, core: &str) -> bool {
        self.doc.tokens[token].folded().len() == core.len()
    }
}

/// The words the Latin-and-Arabic check compares with Latin names, by
/// their places: rare words of four letters or more written without
/// clitics (an `unlisted` core written as it is), and no word either with
/// a conjunction or preposition before it taken off («ويستعملوا»,
/// «وقورنت»).
fn bare_unlisted_words<'c, S: Sightings>(s: &S, unlisted: &[&'c str]) -> FxHashMap<&'c str, Vec<S::Place>> {
    let bare_places = unlisted.iter().filter_map(|&core| {
        if core.len() > MAX_NAME_LETTERS * 2 || core.chars().count() < TRANSLITERATION_MIN_LETTERS {
            return None;
        }
        let at: Vec<S::Place> = s.places(core).filter(|&p| s.is_bare(p, core)).collect();
        (!at.is_empty()).then_some((core, at))
    });
    let mut words = FxHashMap::default();
    each_with_zipf(
        bare_places,
        |(core, _)| without_conjunction(core),
        |(core, at), z| {
            if z.is_none() {
                words.insert(core, at);
            }
        },
    );
    words
}

/// A name written in Latin letters, with the places it is written at
/// (token number, span), by its consonants' skeleton.
struct LatinName {
    places: Vec<(usize, Range<usize>)>,
    skeleton: String,
}

/// The capitalised Latin words of a document, outside quotation marks,
/// each with its token's number, its span and its skeleton, in order: a
/// title or a sign quoted as printed («تمت طباعة "Jonathan Miller"») is
/// kept in Latin on purpose.
fn latin_words<'d>(doc: &'d Document) -> impl Iterator<Item = (usize, Range<usize>, String)> + 'd {
    use crate::bilingual::transliteration::latin_skeleton;
    doc.tokens.iter().enumerate().filter_map(|(i, t)| {
        let word = doc.original_word(t);
        let capitalised = word.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if !(capitalised && word.len() >= 5 && word.chars().all(|c| c.is_ascii_alphabetic())) {
            return None;
        }
        if inside_quotation(doc, t.span().start) {
            return None;
        }
        let skeleton = latin_skeleton(word);
        (skeleton.len() >= 4).then(|| (i, t.span(), skeleton))
    })
}

/// Adds a Latin word's place to the name of its skeleton: a new name only
/// while there are fewer than [`MAX_LATIN_NAMES`].
fn add_latin(names: &mut Vec<LatinName>, token: usize, span: Range<usize>, skeleton: String) {
    if let Some(name) = names.iter_mut().find(|n| n.skeleton == skeleton) {
        name.places.push((token, span));
    } else if names.len() < MAX_LATIN_NAMES {
        names.push(LatinName {
            places: vec![(token, span)],
            skeleton,
        });
    }
}

impl Rule for ConsistencyRule {
    /// It compares the spellings of a name all through the article.
    fn reads_across_paragraphs(&self) -> bool {
        true
    }

    fn across_stretches(&self) -> Option<&dyn AcrossStretches> {
        Some(self)
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let cores = self.cores(doc);
        // Two spellings of ordinary vocabulary are a typo or two words,
        // not a name: another rule's business. A pair with a common core
        // on either side would be dropped, so common cores are left out
        // of the pairing (most of an article's words are common: the rule
        // ran 30 % fewer instructions on news articles when they stopped
        // looking for their other spellings).
        let (rare, unlisted) = self.by_lexicon(cores.written.keys().copied());
        let sightings = InDocument { doc, cores: &cores };
        self.report_pairs(&sightings, &rare, out);
        let mut latin = Vec::new();
        for (token, span, skeleton) in latin_words(doc) {
            add_latin(&mut latin, token, span, skeleton);
        }
        self.latin_and_arabic(&sightings, &latin, &unlisted, out);
    }
}

impl ConsistencyRule {
    /// A finding at each rarer spelling of the pairs of `rare` cores that
    /// are one name written two ways.
    fn report_pairs<S: Sightings>(&self, s: &S, rare: &[&str], out: &mut Vec<Diagnostic>) {
        let text = s.source().text();
        let common = |core: &str| is_common(zipf(core));
        let mut pairs = spelling_pairs(rare);
        pairs.sort_unstable();
        pairs.dedup();
        for (a, b) in pairs {
            let ((count_a, first_a), (count_b, first_b)) = (s.count_and_first(a), s.count_and_first(b));
            // The majority spelling wins; on a tie, the one written first.
            let a_wins = count_a > count_b || (count_a == count_b && first_a < first_b);
            let (majority_core, minority_core) = if a_wins { (a, b) } else { (b, a) };
            let (majority_count, minority_count) = if a_wins { (count_a, count_b) } else { (count_b, count_a) };
            // A common written form on either side is a word (a broken
            // plural «أصابعها» beside «إصبعها»), not a rare name.
            let written_common = |core: &str| s.places(core).any(|p| s.word_is_common(p));
            // An indefinite accusative («سحاباً») is a word with its
            // case ending; names do not take tanween.
            let accusative = |core: &str| {
                s.places(core)
                    .any(|p| text[s.span(p)].contains('\u{064B}'))
                    .then(|| core.strip_suffix('ا'))
                    .flatten()
                    .is_some_and(common)
            };
            // A clitic or an Egyptian verb prefix on a common word
            // («لكراسي»/«لكرسي», «بيتابع»/«بيتبع», «وهارسم»/«وهرسم»).
            let prefixed_word = |core: &str| {
                let rest = core
                    .strip_prefix(['و', 'ف'])
                    .filter(|r| r.chars().count() >= 3)
                    .unwrap_or(core);
                ["ب", "ل", "ك", "ه", "ح", "ها", "بي"].iter().any(|p| {
                    rest.strip_prefix(p)
                        .is_some_and(|r| r.chars().count() >= 3 && common(r))
                })
            };
            // Both cores are rare (common ones are not paired).
            let minority_is_word = prefixed_word(minority_core)
                || prefixed_word(majority_core)
                || accusative(minority_core)
                || accusative(majority_core)
                || written_common(majority_core)
                || s.places(minority_core).any(|p| s.word_is_listed(p));
            if minority_is_word {
                continue;
            }
            let model = s.places(majority_core).next().expect("a core is written somewhere");
            let model_span = s.span(model);
            let model_word = &text[model_span.clone()];
            let model_core = &text[s.core_start(model)..model_span.end];
            // A finding at each rarer spelling, so one --fix pass makes
            // them all the usual one (a finding for the first alone took a
            // pass per place); up to three other places of each spelling
            // as related locations.
            let count = majority_count.to_string();
            let line = s.source().line_col(model_span.start).line;
            for (n, place) in s.places(minority_core).enumerate() {
                let span = s.span(place);
                let written_prefix = &text[span.start..s.core_start(place)];
                let replacement = format!("{written_prefix}{model_core}");
                let found = &text[span.clone()];
                let mut message = render_message(
                    &self.message,
                    &[("found", found), ("majority", model_word), ("count", &count)],
                );
                if minority_count > 1 {
                    message = format!("{message}; «{found}» {minority_count} times");
                }
                let fix = Fix {
                    span: span.clone(),
                    replacement: replacement.as_str().into(),
                    applicability: Applicability::Unsafe,
                };
                let mut d = Diagnostic::new(self.id.clone(), self.severity, message, span)
                    .with_fix(Some(fix))
                    .with_suggestions([replacement])
                    .with_note(format!(
                        "«{model_word}» is written on line {line}; which spelling is right is for an editor to check"
                    ));
                for (_, o) in s.places(minority_core).enumerate().filter(|&(m, _)| m != n).take(3) {
                    let span = s.span(o);
                    let message = format!("«{}» here too", &text[span.clone()]);
                    d = d.with_related(crate::diagnostic::Related::new(s.source(), span, message));
                }
                for o in s.places(majority_core).take(3) {
                    let span = s.span(o);
                    let message = format!("«{}» here", &text[span.clone()]);
                    d = d.with_related(crate::diagnostic::Related::new(s.source(), span, message));
                }
                out.push(d);
            }
        }
    }

    /// A name kept in Latin letters in one place and written in Arabic
    /// letters in another (Broadcom … «بوردمكوم»): the Arabic word is
    /// reported once, at its first place, when it is rare (no ordinary
    /// word) and its consonants match the Latin name's
    /// (`bilingual::transliteration`).
    ///
    /// Its Arabic words are the `unlisted` cores (those the lexicon does
    /// not hold) at the places where they are written without clitics.
    fn latin_and_arabic<S: Sightings>(&self, s: &S, latin: &[LatinName], unlisted: &[&str], out: &mut Vec<Diagnostic>) {
        use crate::bilingual::transliteration::{arabic_skeleton, close_or_mangled, without_h};
        if latin.is_empty() {
            return;
        }
        let text = s.source().text();
        let arabic = bare_unlisted_words(s, unlisted);
        let mut words: Vec<(&str, String, Vec<S::Place>)> =
            arabic.into_iter().map(|(w, at)| (w, arabic_skeleton(w), at)).collect();
        words.sort_by_key(|(_, _, at)| s.token_number(at[0]));
        for LatinName {
            places: latin_at,
            skeleton,
        } in latin
        {
            let latin_span = latin_at[0].1.clone();
            let latin_word = &text[latin_span.clone()];
            let short = without_h(skeleton).count() < 5;
            // Every Arabic spelling of this name, in the order written.
            let spellings: Vec<&Vec<S::Place>> = words
                .iter()
                .filter(|(_, arabic_skeleton, _)| {
                    // Across a whole article many words meet: a short name
                    // must match exactly, a longer one may be one class off.
                    if short {
                        without_h(skeleton).eq(without_h(arabic_skeleton))
                    } else {
                        close_or_mangled(skeleton, arabic_skeleton)
                    }
                })
                .map(|(_, _, at)| at)
                .collect();
            // A name written in both scripts side by side, one in brackets,
            // is glossed on purpose: «فيت مي بورليس (Fit Me Poreless)».
            // (Both lists are in token order: a binary search finds the
            // Latin place nearest each Arabic one.)
            let glossed = spellings.iter().any(|at| {
                at.iter().any(|&a| {
                    let (a_number, a_span) = (s.token_number(a), s.span(a));
                    let next = latin_at.partition_point(|&(l, _)| l + GLOSS_DISTANCE < a_number);
                    latin_at[next..]
                        .iter()
                        .take_while(|&&(l, _)| l <= a_number + GLOSS_DISTANCE)
                        .any(|(l, l_span)| {
                            let (x, y) = if a_number < *l {
                                (&a_span, l_span)
                            } else {
                                (l_span, &a_span)
                            };
                            text[x.end..y.start].contains(['(', ')'])
                        })
                })
            });
            let Some(at) = spellings.first().filter(|_| !glossed) else {
                continue;
            };
            let first = s.span(at[0]);
            let found = &text[first.clone()];
            let mut message = format!(
                "«{found}» is written «{latin_word}» in Latin letters elsewhere in this article: one name written two ways"
            );
            if at.len() > 1 {
                message = format!("{message} («{found}» {} times)", at.len());
            }
            let mut d = Diagnostic::new(self.id.clone(), self.severity, message, first)
                .with_suggestions([latin_word.to_string()])
                .with_related(crate::diagnostic::Related::new(
                    s.source(),
                    latin_span,
                    format!("«{latin_word}» here"),
                ));
            let others = at[1..].iter().chain(spellings[1..].iter().flat_map(|at| at.iter()));
            for &place in others {
                let span = s.span(place);
                let message = format!("«{}» here too", &text[span.clone()]);
                d = d.with_related(crate::diagnostic::Related::new(s.source(), span, message));
            }
            out.push(d);
        }
    }
}

/// A word of more than four letters without the conjunction or
/// preposition it may start with (و ف ب ل).
fn without_conjunction(word: &str) -> &str {
    match word.chars().next() {
        Some('و' | 'ف' | 'ب' | 'ل') if word.chars().count() > 4 => &word[2..],
        _ => word,
    }
}

/// The fewest letters of an Arabic word the Latin-and-Arabic check
/// compares with a Latin name.
const TRANSLITERATION_MIN_LETTERS: usize = 4;

/// Words apart within which a name in Latin letters and in Arabic letters,
/// with a bracket between them, gloss each other.
const GLOSS_DISTANCE: usize = 3;

/// Whether an offset lies inside double quotation marks opened earlier on
/// its line.
fn inside_quotation(doc: &Document, at: usize) -> bool {
    let text = doc.text();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..at];
    let straight = before.matches('"').count();
    let curly = before.matches('“').count() as isize - before.matches('”').count() as isize;
    straight % 2 == 1 || curly > 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_core_keeps_its_places_in_order() {
        let src = crate::source::SourceFile::new("t", "الغويران وبالغويران كلمة غويران للغويران");
        let doc = Document::new(&src);
        let rule = ConsistencyRule {
            id: PackStr::from_static("t"),
            severity: Severity::Warning,
            message: Default::default(),
            min_letters: 4,
        };
        let cores = rule.cores(&doc);
        let written = cores.written["غويران"];
        assert_eq!((written.first, written.last, written.count), (0, 4, 4));
        assert_eq!(cores.places(written).collect::<Vec<_>>(), [0, 1, 3, 4]);
        let word = cores.written["كلمه"];
        assert_eq!(cores.places(word).collect::<Vec<_>>(), [2]);
    }

    /// Every pair of spellings, each core looking for its other spellings
    /// (what the rule did before cores were grouped by key).
    fn spelling_pairs_of_every_core<'c>(cores: &[&'c str]) -> Vec<(&'c str, &'c str)> {
        let (mut candidate, mut chars, mut pairs) = (String::new(), Vec::new(), Vec::new());
        let is_core = |w: &str| cores.iter().copied().find(|&c| c == w);
        for &core in cores {
            partners(core, &is_core, &mut candidate, &mut chars, &mut pairs);
        }
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// The Latin-and-Arabic check's words as it found them before they
    /// were read from the cores: from every token.
    fn bare_unlisted_words_by_tokens<'d>(doc: &'d Document) -> FxHashMap<&'d str, Vec<usize>> {
        let mut words: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        for (i, t) in doc.tokens.iter().enumerate() {
            let word = doc.folded_word(t);
            if word.len() <= MAX_NAME_LETTERS * 2
                && word.chars().count() >= 4
                && doc.is_arabic_word(i)
                && core_of(word).0 == 0
                && zipf(word).is_none()
                && zipf(without_conjunction(word)).is_none()
            {
                words.entry(word).or_default().push(i);
            }
        }
        words
    }

    fn rule(min_letters: usize) -> ConsistencyRule {
        ConsistencyRule {
            id: "c".into(),
            severity: Severity::Warning,
            message: Default::default(),
            min_letters,
        }
    }

    fn words_from_cores_and_tokens_agree(text: &str) {
        let source = crate::source::SourceFile::new("t", text.to_string());
        let doc = Document::new(&source);
        for min_letters in 3..=6 {
            let rule = rule(min_letters);
            let cores = rule.cores(&doc);
            let (rare, unlisted) = rule.by_lexicon(cores.written.keys().copied());
            // Cores shorter than the rule's minimum are read for the
            // Latin-and-Arabic check only, never paired.
            assert!(rare.iter().all(|core| core.chars().count() >= min_letters));
            assert_eq!(
                bare_unlisted_words(
                    &InDocument {
                        doc: &doc,
                        cores: &cores
                    },
                    &unlisted
                ),
                bare_unlisted_words_by_tokens(&doc),
                "min_letters {min_letters}"
            );
        }
    }

    #[test]
    fn the_latin_and_arabic_words_read_from_the_cores_are_those_of_the_tokens() {
        let article = include_str!("../../examples/hasakah-prison-attack.ar.txt");
        words_from_cores_and_tokens_agree(article);
        // Rare words of four and five letters, bare and with clitics, an
        // article, a conjunction that leaves a listed word, and letters of
        // three bytes.
        let picked = "انتلو وانتلو البوردمكوم بوردمكوم لبوردمكوم غويرن والغويرن \
                      ويستعملوا وقورنت زمبتي بزمبتي ࢠࢠࢠࢠ ࢠࢠࢠࢠ";
        words_from_cores_and_tokens_agree(picked);
        // The comparison is not of two empty maps: the bare rare words
        // are found, at their bare places only.
        let source = crate::source::SourceFile::new("t", picked.to_string());
        let doc = Document::new(&source);
        let found = bare_unlisted_words_by_tokens(&doc);
        assert_eq!(found.get("بوردمكوم"), Some(&vec![3]));
        assert_eq!(found.get("انتلو"), Some(&vec![0]));
    }

    /// A stem of consonants and long vowels, with or without clitics
    /// before it.
    fn clitic_and_stem() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::strategy::Strategy;
        ("(و|ف|ب|ل|ال|وال|بال|لل)?", "[بتثجحخدذرزسشصضطظعغفقكلمنهوي]{2,7}")
            .prop_map(|(clitic, stem)| format!("{clitic}{stem}"))
    }

    proptest::proptest! {
        /// The same, on words of common letters and clitics.
        #[test]
        fn words_from_the_cores_agree_with_words_from_the_tokens(
            words in proptest::collection::vec(clitic_and_stem(), 1..40)
        ) {
            words_from_cores_and_tokens_agree(&words.join(" "));
        }
    }

    proptest::proptest! {
        /// Cores of vowels, doubled letters and confusable consonants,
        /// where nearly every core has other spellings among the others.
        #[test]
        fn cores_grouped_by_key_find_every_pair(
            letters in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(&['ا', 'و', 'ي', 'ز', 'س', 'ص', 'ذ', 'ت', 'ط', 'ك', 'ق', 'ج', 'غ', 'ن', 'م', 'ش'][..]), 3..8),
                1..6,
            )
        ) {
            // Each core, and each with one letter left out or one consonant
            // put for a confusable one.
            let mut cores: Vec<String> = Vec::new();
            for l in &letters {
                cores.push(l.iter().collect());
                for k in 0..l.len() {
                    cores.push(l.iter().enumerate().filter(|&(i, _)| i != k).map(|(_, c)| c).collect());
                    for &other in confusable(l[k]) {
                        cores.push(l.iter().enumerate().map(|(i, &c)| if i == k { other } else { c }).collect());
                    }
                }
            }
            cores.sort();
            cores.dedup();
            let cores: Vec<&str> = cores.iter().map(String::as_str).collect();
            let mut grouped = spelling_pairs(&cores);
            grouped.sort_unstable();
            grouped.dedup();
            let every = spelling_pairs_of_every_core(&cores);
            proptest::prop_assert_eq!(grouped, every);
        }
    }

    /// The classes of the spelling key are written out beside
    /// `confusable`: every pair it links must share one, or a name and its
    /// variant would get different keys and never be paired.
    #[test]
    fn every_confusable_pair_shares_a_class() {
        // The Arabic block holds ڤ and پ too.
        for c in '\u{0600}'..='\u{06FF}' {
            for &other in confusable(c) {
                assert_eq!(confusable_class(c), confusable_class(other), "{c} {other}");
            }
        }
    }

    #[test]
    fn spellings_of_one_name_share_a_key() {
        for (a, b) in [
            ("غويران", "غيران"),
            ("ماتتيو", "ماتيو"),
            ("بريتزكي", "بريتسكي"),
            ("كريستوفر", "كرستوفر"),
            ("ماتيوو", "ماتيو"),
        ] {
            assert_eq!(spelling_key(a), spelling_key(b), "{a} {b}");
        }
        assert_ne!(spelling_key("غويران"), spelling_key("غويرات"));
        assert_ne!(spelling_key("سلام"), spelling_key("زلام"), "the first letter is kept");
    }

    #[test]
    fn cores_drop_definite_proclitics_only() {
        assert_eq!(core_of("الغويران"), (4, "غويران"));
        assert_eq!(core_of("بالغيران"), (6, "غيران"));
        assert_eq!(core_of("وبالغيران"), (8, "غيران"));
        assert_eq!(core_of("للغويران"), (4, "غويران"));
        assert_eq!(core_of("بغداد"), (0, "بغداد"));
        assert_eq!(core_of("الى"), (0, "الى"));
        assert_eq!(core_of("الغ"), (0, "الغ"), "a core has two letters");
        assert_eq!(core_of("ال"), (0, "ال"));
        assert_eq!(core_of(""), (0, ""));
    }

    /// What `core_of` computed before it stepped over bytes: the longest
    /// of the 3rd to 5th character boundaries that ends an article-bearing
    /// prefix and leaves two characters.
    fn core_of_by_characters(word: &str) -> (usize, &str) {
        let split = word
            .char_indices()
            .skip(2)
            .take(3)
            .map(|(i, _)| i)
            .filter(|&i| {
                word[..i].ends_with('ل')
                    && proclitic(&word[..i]).is_some_and(|p| p.article)
                    && word[i..].chars().count() >= 2
            })
            .last()
            .unwrap_or(0);
        (split, &word[split..])
    }

    /// Every word of up to six characters drawn from the proclitics'
    /// letters, two others and a character of each other width.
    #[test]
    fn cores_by_bytes_agree_with_cores_by_characters() {
        let letters = ["و", "ف", "ب", "ل", "س", "ا", "غ", "a", "\u{0800}", "😀"];
        let words = crate::arabic::clitics::every_string(&letters, 6);
        assert_eq!(words.len(), 1_111_111);
        for word in &words {
            assert_eq!(core_of(word), core_of_by_characters(word), "{word}");
        }
    }
}
