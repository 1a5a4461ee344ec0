//! `[[near-miss]]` with `single-word = true`: a one-word organisation
//! from the gazetteer mangled in a way no entry lists — a letter
//! inserted («مايتا» for «ميتا», «تايواون» for «تايوان»), dropped, or
//! replaced («نيفيديا» for «إنفيديا»). Nothing anchors a single word, so
//! the guards are the word itself: not an Arabic word (frequency lexicon),
//! not a person's name (Wikidata list), not another gazetteer name, and long
//! enough that one letter off is not chance.

use super::near_miss_word_index::DeletionIndex;
use super::pack::{LiteralFolds, NameDef, NearMissDef, PackError, PackSource, part_of_fold};
use super::pack_str::PackStr;
use super::{CheckContext, Rule, RuleInfo, compile_common, render_message};
use crate::arabic::clitics::proclitic;
use crate::arabic::lexicon::{each_with_zipf, zipf};
use crate::arabic::names::is_foreign_person_name;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use crate::document::Document;
use rustc_hash::FxHashSet;
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

/// A one-word organisation: its spellings, folded.
#[derive(Debug, Clone)]
pub struct SingleWordName {
    pub canonical: PackStr,
    /// Folded canonical and accepted spellings, without the article.
    pub good: Vec<Cow<'static, str>>,
    /// Folded wrong spellings the name rule lists (and reports itself).
    pub listed: Vec<Cow<'static, str>>,
}

impl SingleWordName {
    pub fn from_def(def: &NameDef, folds: &LiteralFolds) -> Option<SingleWordName> {
        // Organisations only, as measured on clean news: a place has many
        // right spellings a letter apart that CLDR's one canonical form
        // does not list («بيشكيك»/«بشكيك»).
        if def.kind.as_deref() != Some("organisation") {
            return None;
        }
        let canonical = def.canonical.get_ref();
        if canonical.split_whitespace().count() != 1 {
            return None;
        }
        let good = std::iter::once(&def.canonical)
            .chain(def.accepted.iter())
            .filter(|s| s.get_ref().split_whitespace().count() == 1)
            .map(|s| part_of_fold(folds.folded(s), without_article))
            .collect();
        let listed = def
            .variants
            .iter()
            .map(|v| part_of_fold(folds.folded(v), without_article))
            .collect();
        Some(SingleWordName {
            canonical: canonical.clone(),
            good,
            listed,
        })
    }
}

fn without_article(folded: &str) -> &str {
    folded
        .strip_prefix("ال")
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(folded)
}

/// Shorter names than this are matched only with a letter inserted: with a
/// letter dropped or replaced, four-letter names meet ordinary words.
const MIN_LETTERS_ANY_EDIT: usize = 6;
/// A word must have at least this many letters to be looked at.
const MIN_WORD_LETTERS: usize = 5;
/// No name is longer; a longer run (a glued line) is not looked at.
const MAX_WORD_LETTERS: usize = 30;

#[derive(Debug)]
pub struct SingleWordNearMiss {
    id: PackStr,
    severity: Severity,
    message: PackStr,
    /// Every spelling of every name, good or listed as wrong, to leave
    /// to the name rules.
    spellings: FxHashSet<Cow<'static, str>>,
    index: Arc<NameIndex>,
}

/// The names' good spellings, indexed by their one-letter deletions: built
/// once, by the first thread to ask. A text asks only when it has a word
/// no name and no lexicon entry spells; the thread that read the packs
/// builds it meanwhile ([`SingleWordNearMiss::build_ahead`]), so
/// compiling the rules does not wait for it.
#[derive(Debug)]
struct NameIndex {
    names: Arc<[SingleWordName]>,
    index: OnceLock<DeletionIndex>,
}

impl NameIndex {
    fn get(&self) -> &DeletionIndex {
        self.index.get_or_init(|| {
            let mut index = DeletionIndex::default();
            for (i, name) in self.names.iter().enumerate() {
                for spelling in &name.good {
                    index.add(spelling, i);
                }
            }
            index
        })
    }
}

pub fn compile(
    def: &NearMissDef,
    pack: &PackSource,
    names: &Arc<[SingleWordName]>,
) -> Result<(RuleInfo, SingleWordNearMiss), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    super::check_message(pack, &def.message, &["found", "canonical"])?;
    let spellings: FxHashSet<Cow<'static, str>> = names
        .iter()
        .flat_map(|n| n.good.iter().chain(&n.listed).cloned())
        .collect();
    let index = Arc::new(NameIndex {
        names: names.clone(),
        index: OnceLock::new(),
    });
    let rule = SingleWordNearMiss {
        id: id.clone(),
        severity: def.severity,
        message: def.message.get_ref().clone(),
        spellings,
        index,
    };
    Ok((super::near_miss::rule_info(def, pack, id, examples), rule))
}

impl SingleWordNearMiss {
    /// Builds the index this rule would build on first use: for a thread
    /// with time to build it ahead.
    pub fn build_ahead(&self) -> impl FnOnce() + Send + 'static {
        let index = self.index.clone();
        move || {
            index.get();
        }
    }

    /// The name a folded word (without clitics) misspells, if any. `word`
    /// is no spelling of a name and no word of the lexicon: the caller
    /// (`check_unknown`) has asked both already.
    fn misspelt(&self, word: &str) -> Option<&SingleWordName> {
        let letters = word.chars().count();
        if !(MIN_WORD_LETTERS..=MAX_WORD_LETTERS).contains(&letters) || is_foreign_person_name(word) {
            return None;
        }
        self.index.get().near(word).into_iter().find_map(|(i, edit)| {
            let name = &self.index.names[i];
            // «تشيلية» (Chilean) is an adjective in ية, not «تشيلسي».
            if word.ends_with('ه') && !name.good.iter().any(|g| g.ends_with('ه')) {
                return None;
            }
            let shortest = name.good.iter().map(|g| g.chars().count()).min().unwrap_or(0);
            let allowed = edit == super::near_miss_word_index::Edit::Inserted || shortest >= MIN_LETTERS_ANY_EDIT;
            allowed.then_some(name)
        })
    }
}

impl Rule for SingleWordNearMiss {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // Most words of an article are words of the language: one look-up
        // lets them go (a batch of words at a time: `each_with_zipf`).
        let candidates = doc
            .tokens
            .iter()
            .enumerate()
            .map(|(i, token)| (i, doc.folded_word(token)))
            .filter(|&(i, word)| word.len() >= MIN_WORD_LETTERS * 2 && doc.is_arabic_word(i));
        each_with_zipf(
            candidates,
            |(_, word)| word,
            |(i, word), z| {
                if z.is_none() {
                    self.check_unknown(doc, i, word, out);
                }
            },
        );
    }
}

impl SingleWordNearMiss {
    /// Reports token `i`, whose folded form `word` the lexicon does not
    /// hold, if it misspells a name.
    fn check_unknown(&self, doc: &Document, i: usize, word: &str, out: &mut Vec<Diagnostic>) {
        let token = &doc.tokens[i];
        // The word as written, or with its proclitics off («وميتاا»).
        let cuts: Vec<usize> = word
            .char_indices()
            .map(|(i, _)| i)
            .take(5)
            .filter(|&i| i == 0 || proclitic(&word[..i]).is_some())
            .collect();
        // A name or a word of the language with clitics on
        // («لإندونيسيا», «وقالت») is neither misspelt.
        let known = |i: usize| {
            let core = without_article(&word[i..]);
            self.spellings.contains(core) || (i > 0 && zipf(&word[i..]).is_some()) || zipf(core).is_some()
        };
        if cuts.iter().any(|&i| known(i)) {
            return;
        }
        let found = cuts
            .iter()
            .find_map(|&i| self.misspelt(without_article(&word[i..])).map(|name| (i, name)));
        let Some((cut, name)) = found else {
            return;
        };
        let written = doc.original_word(token);
        let prefix_end = doc.folded.map.to_original(token.folded().start + cut);
        let article = without_article(&word[cut..]).len() != word[cut..].len();
        let mut replacement = doc.text()[token.span().start..prefix_end].to_string();
        if article && !name.canonical.starts_with("ال") {
            replacement.push_str("ال");
        }
        replacement.push_str(&name.canonical);
        let d = Diagnostic::new(
            self.id.clone(),
            self.severity,
            render_message(&self.message, &[("found", written), ("canonical", &name.canonical)]),
            token.span(),
        )
        .with_fix(Some(Fix {
            span: token.span(),
            replacement: replacement.into_boxed_str(),
            applicability: Applicability::Unsafe,
        }))
        .with_suggestions([name.canonical.as_str().to_string()]);
        out.push(d);
    }
}
