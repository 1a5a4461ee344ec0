//! `[[name]]`: a person, place or organisation with its canonical Arabic
//! spelling; known wrong spellings are reported with the canonical one as
//! the fix, in whatever clitic form they are written.

use super::pack::{NameDef, PackError, PackSource};
use super::pack_str::PackStr;
use super::phrases::PhraseId;
use super::rewrite::rewrite;
use super::{CheckContext, Compiler, Examples, Renumbering, Rule, RuleInfo, RuleKind, compile_common, render_message};
use crate::arabic::clitics::CliticPolicy;
use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::rules::spanned::Spanned;

const DEFAULT_MESSAGE: &str = "«{found}» is a misspelling of {english}: write «{canonical}»";

/// Names take proclitics (وبترامب) but not pronoun suffixes, nor an article
/// their canonical form does not have.
const NAME_CLITICS: CliticPolicy = CliticPolicy {
    prefixes: true,
    suffixes: false,
    article: false,
};

#[derive(Debug)]
pub struct NameRule {
    id: PackStr,
    severity: Severity,
    message: PackStr,
    canonical: PackStr,
    english: PackStr,
    variants: Vec<(PhraseId, PackStr)>,
    applicability: Applicability,
}

pub fn compile(def: &NameDef, pack: &PackSource, compiler: &mut Compiler) -> Result<(RuleInfo, NameRule), PackError> {
    let (id, mut examples) = compile_common(pack, &def.id, &def.examples)?;
    if let Some(message) = &def.message {
        super::check_message(pack, message, &["found", "canonical", "english"])?;
    }
    let folds = &compiler.folds;
    let invalid =
        |literal: &Spanned<PackStr>, msg| PackError::new(pack, Some(literal.span()), "invalid name").with_label(msg);
    let check = |literal: &Spanned<PackStr>| folds.fold(literal).map_err(|msg| invalid(literal, msg));
    let mut accepted = vec![check(&def.canonical)?];
    for a in def.accepted.iter() {
        accepted.push(check(a)?);
    }
    let mut variants = Vec::new();
    for v in def.variants.iter() {
        let (folded, phrase) = folds.fold_with_phrase(v, NAME_CLITICS).map_err(|msg| invalid(v, msg))?;
        if accepted.contains(&folded) {
            return Err(PackError::new(
                pack,
                Some(v.span()),
                format!("variant «{}» is also an accepted spelling", v.get_ref()),
            )
            .with_label("a wrong spelling must differ from the canonical and accepted ones once folded"));
        }
        variants.push((compiler.phrases.add_spec(phrase), v.get_ref().clone()));
    }
    if examples.is_empty() {
        examples = Examples::of_name(
            def.variants.clone(),
            def.canonical.get_ref().clone(),
            def.accepted.clone(),
        );
    }
    let message = def
        .message
        .as_ref()
        .map(|m| m.get_ref().clone())
        .unwrap_or(PackStr::from_static(DEFAULT_MESSAGE));
    let english = def
        .english
        .first()
        .cloned()
        .unwrap_or_else(|| def.canonical.get_ref().clone());
    let rule = NameRule {
        id: id.clone(),
        severity: def.severity,
        message: message.clone(),
        canonical: def.canonical.get_ref().clone(),
        english,
        variants,
        applicability: def.fix,
    };
    let info = RuleInfo {
        id,
        kind: RuleKind::Name,
        severity: def.severity,
        message,
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: (!rule.variants.is_empty()).then_some(def.fix),
    };
    Ok((info, rule))
}

impl Rule for NameRule {
    fn renumber(&mut self, renumbering: &Renumbering) {
        for (phrase, _) in &mut self.variants {
            *phrase = renumbering.phrase(*phrase);
        }
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        for (phrase, literal) in &self.variants {
            for m in cx.phrases.of(*phrase) {
                let span = m.span(doc);
                let found = &doc.text()[span.clone()];
                let message = render_message(
                    &self.message,
                    &[
                        ("found", found),
                        ("canonical", &self.canonical),
                        ("english", &self.english),
                    ],
                );
                let rewritten = rewrite(doc, &cx.phrases.words(doc, m), literal, &self.canonical);
                let suggestions: Vec<String> = rewritten.iter().map(|r| r.whole.clone()).collect();
                let fix = rewritten.map(|r| r.into_fix(self.applicability));
                out.push(
                    Diagnostic::new(self.id.clone(), self.severity, message, span)
                        .with_fix(fix)
                        .with_suggestions(suggestions),
                );
            }
        }
    }
}
