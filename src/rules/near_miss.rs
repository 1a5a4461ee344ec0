//! `[[near-miss]]`: a name from the gazetteer whose last word is misspelt
//! in a way no entry lists: its first word(s) are right and the next word is
//! one or two letters away from the surname («مظلوم عبادى» … «مظلوم عبدى»).
//! Anchoring on the first name keeps ordinary words that happen to be close
//! to a surname quiet.

use super::pack::{LiteralFolds, NameDef, NearMissDef, PackError, PackSource, part_of_fold};
use super::pack_str::PackStr;
use super::phrases::PhraseId;
use super::spanned::Spanned;
use super::{CheckContext, Compiler, Rule, RuleInfo, RuleKind, compile_common, render_message};
use crate::arabic::clitics::CliticPolicy;
use crate::arabic::lexicon::zipf;
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use std::borrow::Cow;

/// What the near-miss rule knows of one multi-word gazetteer name.
#[derive(Debug, Clone)]
pub struct NameEntry {
    /// The canonical spelling as written.
    pub canonical: PackStr,
    /// Folded last word of the canonical and of each accepted spelling.
    pub good_last: Vec<Cow<'static, str>>,
    /// Folded last words of listed wrong spellings (the name rule's).
    pub listed_last: Vec<Cow<'static, str>>,
    /// The words before the last, folded, as a phrase.
    pub lead: Cow<'static, str>,
    /// The canonical last word as written.
    pub last: String,
}

impl NameEntry {
    /// Person names only: places and organisations have too many legitimate
    /// second forms one or two letters apart (لوس أنجلوس / لوس أنجيلوس).
    pub fn from_def(def: &NameDef, folds: &LiteralFolds) -> Option<NameEntry> {
        if def.kind.as_deref() != Some("person") {
            return None;
        }
        let canonical = def.canonical.get_ref();
        let words: Vec<&str> = canonical.split_whitespace().collect();
        if words.len() < 2 {
            return None;
        }
        let last_folded = |s: &Spanned<PackStr>| {
            part_of_fold(folds.folded(s), |folded| folded.rsplit(' ').next().unwrap_or_default())
        };
        let lead_of = |s: &Spanned<PackStr>| {
            part_of_fold(folds.folded(s), |folded| {
                folded.rsplit_once(' ').map(|(lead, _)| lead).unwrap_or_default()
            })
        };
        let lead = lead_of(&def.canonical);
        let mut good_last = vec![last_folded(&def.canonical)];
        good_last.extend(def.accepted.iter().filter(|a| lead_of(a) == lead).map(last_folded));
        let listed_last = def
            .variants
            .iter()
            .filter(|v| lead_of(v) == lead)
            .map(last_folded)
            .collect();
        Some(NameEntry {
            canonical: canonical.clone(),
            good_last,
            listed_last,
            lead,
            last: words[words.len() - 1].to_string(),
        })
    }
}

#[derive(Debug)]
pub struct NearMissRule {
    id: PackStr,
    severity: Severity,
    message: PackStr,
    max_edits: usize,
    min_letters: usize,
    names: Vec<(PhraseId, NameEntry)>,
}

pub fn compile(
    def: &NearMissDef,
    pack: &PackSource,
    names: &[NameEntry],
    compiler: &mut Compiler,
) -> Result<(RuleInfo, NearMissRule), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    super::check_message(pack, &def.message, &["found", "canonical"])?;
    if def.max_edits == 0 || def.max_edits > 3 {
        return Err(
            PackError::new(pack, Some(def.id.span()), "`max-edits` must be 1, 2 or 3")
                .with_label("more than that matches unrelated words"),
        );
    }
    let clitics = CliticPolicy {
        prefixes: true,
        suffixes: false,
        article: false,
    };
    let names = names
        .iter()
        .map(|n| (compiler.phrases.add(&n.lead, clitics), n.clone()))
        .collect();
    let rule = NearMissRule {
        id: id.clone(),
        severity: def.severity,
        message: def.message.get_ref().clone(),
        max_edits: def.max_edits,
        min_letters: def.min_letters,
        names,
    };
    Ok((rule_info(def, pack, id, examples), rule))
}

/// What `mtlint rules` and `explain` show of a near-miss rule, of either
/// kind (its fix, the canonical spelling, is always unsafe).
pub(super) fn rule_info(def: &NearMissDef, pack: &PackSource, id: PackStr, examples: super::Examples) -> RuleInfo {
    RuleInfo {
        id,
        kind: RuleKind::NearMiss,
        severity: def.severity,
        message: def.message.get_ref().clone(),
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: Some(Applicability::Unsafe),
    }
}

impl Rule for NearMissRule {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (phrase, name) in &self.names {
            for m in cx.phrases.of(*phrase) {
                let next = m.last_token() + 1;
                // Past the last token nothing follows a space.
                if !doc.follows_space(next) {
                    continue;
                }
                let token = &doc.tokens[next];
                let word = doc.folded_word(token);
                let letters = word.chars().count();
                if letters < self.min_letters
                    || name.good_last.iter().any(|g| g == word)
                    || name.listed_last.iter().any(|l| l == word)
                {
                    continue;
                }
                let distance = name
                    .good_last
                    .iter()
                    .map(|g| strsim::levenshtein(g, word))
                    .min()
                    .unwrap_or(usize::MAX);
                // An ordinary word after the first name is a sentence going
                // on, not a misspelt surname.
                if distance == 0
                    || distance > self.max_edits
                    || distance * 3 > letters
                    || zipf(word).is_some_and(|z| z >= 3.0)
                {
                    continue;
                }
                let span = m.span(doc).start..token.span().end;
                let found = &doc.text()[span.clone()];
                let d = Diagnostic::new(
                    self.id.clone(),
                    self.severity,
                    render_message(&self.message, &[("found", found), ("canonical", &name.canonical)]),
                    span,
                )
                .with_fix(Some(Fix {
                    span: token.span(),
                    replacement: name.last.as_str().into(),
                    applicability: Applicability::Unsafe,
                }))
                .with_suggestions([name.canonical.as_str().to_string()]);
                out.push(d);
            }
        }
    }
}
