//! `[[term]]`: a wrong word or phrase, optionally reported only in context.

use super::pack::{ContextDef, LiteralFolds, PackError, PackSource, TermDef};
use super::pack_str::PackStr;
use super::phrases::{PhraseHits, PhraseId};
use super::rewrite::rewrite;
use super::{CheckContext, Compiler, Renumbering, Rule, RuleInfo, RuleKind, compile_common, render_message};
use crate::arabic::clitics::CliticPolicy;
use crate::arabic::fold::fold_literal;
use crate::arabic::names::is_foreign_person_name;
use crate::arabic::word_matcher::{PhraseMatch, PhraseSpec};
use crate::bilingual::says;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::document::Document;
use crate::rules::spanned::Spanned;
use std::borrow::Cow;

#[derive(Debug)]
struct Find {
    phrase: PhraseId,
    literal: PackStr,
    folded: Cow<'static, str>,
    replacement: Option<PackStr>,
}

#[derive(Debug, Default)]
struct Context {
    near: Vec<PhraseId>,
    not_near: Vec<PhraseId>,
    followed_by: Vec<PhraseId>,
    preceded_by: Vec<PhraseId>,
    not_followed_by: Vec<PhraseId>,
    followed_by_name: bool,
    preceded_by_name: bool,
    foreign_name_only: bool,
    within: Option<usize>,
}

#[derive(Debug)]
pub struct TermRule {
    id: PackStr,
    severity: Severity,
    message: PackStr,
    suggest: Vec<PackStr>,
    finds: Vec<Find>,
    context: Option<Context>,
    source_near: Vec<PackStr>,
    source_not_near: Vec<PackStr>,
    applicability: Applicability,
}

pub fn compile(def: &TermDef, pack: &PackSource, compiler: &mut Compiler) -> Result<(RuleInfo, TermRule), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    super::check_message(pack, &def.message, &["found", "suggestion"])?;
    if def.find.get_ref().is_empty() {
        return Err(PackError::new(pack, Some(def.find.span()), "`find` is empty")
            .with_label("list at least one word or phrase"));
    }
    let clitics = CliticPolicy {
        prefixes: def.prefixes,
        suffixes: def.suffixes,
        article: def.prefixes,
    };
    let mut finds = Vec::new();
    for literal in def.find.get_ref() {
        let (folded, phrase) = check_literal(pack, &compiler.folds, literal, clitics)?;
        finds.push(Find {
            phrase: compiler.phrases.add_spec(phrase),
            literal: literal.get_ref().clone(),
            folded,
            replacement: None,
        });
    }
    let no_replacements = Default::default();
    let (replace, replace_span) = match &def.replace {
        Some(r) => (r.get_ref(), Some(r.span())),
        None => (&no_replacements, None),
    };
    for (key, replacement) in replace {
        let folded_key = fold_literal(key);
        let Some(find) = finds.iter_mut().find(|f| f.folded == folded_key) else {
            return Err(PackError::new(
                pack,
                replace_span.clone(),
                format!("`replace` has «{key}», which is not in `find`"),
            ));
        };
        if replacement.split_whitespace().next().is_none() {
            return Err(PackError::new(
                pack,
                replace_span.clone(),
                format!("the replacement for «{key}» is empty"),
            ));
        }
        find.replacement = Some(replacement.clone());
    }
    let context = def
        .context
        .as_ref()
        .map(|c| compile_context(c, pack, compiler))
        .transpose()?;
    let rule = TermRule {
        id: id.clone(),
        severity: def.severity,
        message: def.message.get_ref().clone(),
        suggest: def.suggest.clone(),
        finds,
        context,
        source_near: def.source_near.clone(),
        source_not_near: def.source_not_near.clone(),
        applicability: def.fix,
    };
    let info = RuleInfo {
        id,
        kind: RuleKind::Term,
        severity: def.severity,
        message: def.message.get_ref().clone(),
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: rule.finds.iter().any(|f| f.replacement.is_some()).then_some(def.fix),
    };
    Ok((info, rule))
}

/// The literal folded, with the phrase it looks for; or where it is wrong.
fn check_literal(
    pack: &PackSource,
    folds: &LiteralFolds,
    literal: &Spanned<PackStr>,
    clitics: CliticPolicy,
) -> Result<(Cow<'static, str>, PhraseSpec), PackError> {
    folds
        .fold_with_phrase(literal, clitics)
        .map_err(|msg| PackError::new(pack, Some(literal.span()), "invalid literal").with_label(msg))
}

fn compile_context(def: &ContextDef, pack: &PackSource, compiler: &mut Compiler) -> Result<Context, PackError> {
    let mut list = |words: &[Spanned<PackStr>]| -> Result<Vec<PhraseId>, PackError> {
        words
            .iter()
            .map(|w| {
                let (_, phrase) = check_literal(pack, &compiler.folds, w, CliticPolicy::default())?;
                Ok(compiler.phrases.add_spec(phrase))
            })
            .collect()
    };
    let context = Context {
        near: list(&def.near)?,
        not_near: list(&def.not_near)?,
        followed_by: list(&def.followed_by)?,
        preceded_by: list(&def.preceded_by)?,
        not_followed_by: list(&def.not_followed_by)?,
        followed_by_name: def.followed_by_name,
        preceded_by_name: def.preceded_by_name,
        foreign_name_only: def.foreign_name_only,
        within: def.within.as_ref().map(|w| *w.get_ref()),
    };
    if context.near.is_empty()
        && context.not_near.is_empty()
        && context.followed_by.is_empty()
        && context.preceded_by.is_empty()
        && context.not_followed_by.is_empty()
        && !context.followed_by_name
        && !context.preceded_by_name
    {
        let span = def.within.as_ref().map(|w| w.span());
        return Err(PackError::new(pack, span, "`context` lists no words")
            .with_label("give `near`, `not-near`, `followed-by`, `preceded-by`, `not-followed-by`, `followed-by-name` or `preceded-by-name`"));
    }
    Ok(context)
}

impl Context {
    fn holds(&self, doc: &Document, hits: &PhraseHits, m: &PhraseMatch) -> bool {
        let (first, last) = (m.first_token(), m.last_token());
        let (lo, hi) = self.window(doc, first, last);
        let in_window = |other: &PhraseMatch| {
            other.first_token() >= lo
                && other.last_token() <= hi
                && (other.last_token() < first || other.first_token() > last)
        };
        let any_in_window = |ids: &[PhraseId]| {
            ids.iter()
                .any(|&id| hits.starting_within(id, lo, hi).iter().any(in_window))
        };
        let sentence = doc.sentence_tokens(doc.sentence_of(first));
        let same_sentence = |t: usize| sentence.contains(&t);
        let starts_at = |ids: &[PhraseId], t: usize| ids.iter().any(|&id| hits.starts_at(id, t));
        let ends_at = |ids: &[PhraseId], t: usize| ids.iter().any(|&id| hits.ends_at(id, t));
        // The word right after / before, in the same sentence, with only a
        // space between.
        let next = (same_sentence(last + 1) && doc.follows_space(last + 1)).then_some(last + 1);
        let previous = (first > 0 && same_sentence(first - 1) && doc.follows_space(first)).then(|| first - 1);
        // A feminine noun followed by a word in ة is a noun and its
        // adjective («علامة هادية», a quiet sign), not a name and surname.
        let feminine_match = doc.original_word(&doc.tokens[last]).ends_with('ة');
        let is_name = |t: Option<usize>| {
            t.is_some_and(|t| {
                let word = doc.folded_word(&doc.tokens[t]);
                let written = doc.original_word(&doc.tokens[t]);
                let arab_way = written.ends_with('ة') || word.starts_with("ال");
                let agrees = feminine_match && written.ends_with('ة');
                is_foreign_person_name(word) && !(self.foreign_name_only && arab_way) && !agrees
            })
        };
        (self.near.is_empty() || any_in_window(&self.near))
            && !any_in_window(&self.not_near)
            && (self.followed_by.is_empty() || next.is_some_and(|t| starts_at(&self.followed_by, t)))
            && (self.preceded_by.is_empty() || previous.is_some_and(|t| ends_at(&self.preceded_by, t)))
            && !next.is_some_and(|t| starts_at(&self.not_followed_by, t))
            && (!self.followed_by_name || is_name(next))
            && (!self.preceded_by_name || is_name(previous))
    }

    /// Token range (inclusive) searched for context words.
    fn window(&self, doc: &Document, first: usize, last: usize) -> (usize, usize) {
        // Both ends are found by binary search over the paragraph and
        // sentence starts: walking the tokens instead made a long sentence
        // with many matches quadratic.
        match self.within {
            Some(n) => {
                let opening = doc.paragraph_tokens(doc.paragraph_of(first)).start;
                let closing = doc.paragraph_tokens(doc.paragraph_of(last)).end;
                (first.saturating_sub(n).max(opening), (last + n).min(closing - 1))
            }
            None => {
                let lo = doc.sentence_tokens(doc.sentence_of(first)).start;
                let hi = doc.sentence_tokens(doc.sentence_of(last)).end;
                (lo, hi - 1)
            }
        }
    }
}

impl Rule for TermRule {
    fn renumber(&mut self, renumbering: &Renumbering) {
        for find in &mut self.finds {
            find.phrase = renumbering.phrase(find.phrase);
        }
        if let Some(context) = &mut self.context {
            let lists = [
                &mut context.near,
                &mut context.not_near,
                &mut context.followed_by,
                &mut context.preceded_by,
                &mut context.not_followed_by,
            ];
            for id in lists.into_iter().flatten() {
                *id = renumbering.phrase(*id);
            }
        }
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        // «خفاش» with its clitics and «الخفاش» both match «الخفاش»: one
        // finding per place.
        let mut reported: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
        for find in &self.finds {
            for m in cx.phrases.of(find.phrase) {
                let span = m.span(doc);
                if reported.contains(&(span.start, span.end)) {
                    continue;
                }
                // With the original at hand, it says what was meant.
                let original = cx.bilingual.and_then(|b| b.original_at(span.start));
                if let Some(original) = original
                    && self.source_not_near.iter().any(|p| says(original, p))
                {
                    continue;
                }
                let decided_by_source = match original {
                    Some(original) if !self.source_near.is_empty() => {
                        if !self.source_near.iter().any(|p| says(original, p)) {
                            continue;
                        }
                        true
                    }
                    _ => false,
                };
                if !decided_by_source
                    && let Some(context) = &self.context
                    && !context.holds(doc, cx.phrases, m)
                {
                    continue;
                }
                let found = &doc.text()[span.clone()];
                let rewritten = find
                    .replacement
                    .as_deref()
                    .and_then(|r| rewrite(doc, &cx.phrases.words(doc, m), &find.literal, r));
                let mut suggestions: Vec<String> = rewritten.iter().map(|r| r.whole.clone()).collect();
                suggestions.extend(self.suggest.iter().map(|s| s.as_str().to_string()));
                let first_suggestion = suggestions.first().cloned().unwrap_or_default();
                let message = render_message(&self.message, &[("found", found), ("suggestion", &first_suggestion)]);
                let fix = rewritten.map(|r| r.into_fix(self.applicability));
                reported.insert((span.start, span.end));
                out.push(
                    Diagnostic::new(self.id.clone(), self.severity, message, span)
                        .with_fix(fix)
                        .with_suggestions(suggestions),
                );
            }
        }
    }
}
