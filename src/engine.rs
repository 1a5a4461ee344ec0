//! The compiled rule set: built once from the rule packs, then run over each
//! document in one pass of the word matcher and one pass of each regex set.

use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::pack::{PackError, PackSource, parse};
use crate::rules::pattern::{REGEX_DFA_LIMIT, REGEX_SIZE_LIMIT};
use crate::rules::phrases::PhraseMatcher;
use crate::rules::{CheckContext, Compiler, Rule, RuleInfo, consistency, name, pattern, term};
use crate::source::SourceFile;
use regex::{RegexSet, RegexSetBuilder};
use std::collections::HashMap;

include!(concat!(env!("OUT_DIR"), "/bundled_packs.rs"));

pub struct Engine {
    infos: Vec<RuleInfo>,
    rules: Vec<Box<dyn Rule>>,
    phrases: PhraseMatcher,
    original_set: RegexSet,
    folded_set: RegexSet,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine").field("rules", &self.infos.len()).finish()
    }
}

/// The packs compiled into the binary.
pub fn bundled_packs() -> Vec<PackSource> {
    BUNDLED_PACKS
        .iter()
        .map(|(name, text)| PackSource {
            name: format!("bundled:{name}"),
            text: (*text).to_string(),
        })
        .collect()
}

impl Engine {
    /// Compiles the bundled packs.
    pub fn bundled() -> Result<Engine, Vec<PackError>> {
        Engine::new(&bundled_packs())
    }

    /// Compiles packs; every mistake in every pack is returned, not just
    /// the first.
    pub fn new(packs: &[PackSource]) -> Result<Engine, Vec<PackError>> {
        let mut compiler = Compiler::default();
        let mut infos: Vec<RuleInfo> = Vec::new();
        let mut rules: Vec<Box<dyn Rule>> = Vec::new();
        let mut errors = Vec::new();
        let mut seen: HashMap<String, String> = HashMap::new();
        for pack in packs {
            let file = match parse(pack) {
                Ok(file) => file,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut add =
                |result: Result<(RuleInfo, Box<dyn Rule>), PackError>, id_span: std::ops::Range<usize>| match result {
                    Ok((info, rule)) => {
                        if let Some(first) = seen.get(info.id.as_ref()) {
                            errors.push(
                                PackError::new(pack, Some(id_span), format!("duplicate rule id «{}»", info.id))
                                    .with_label("already used")
                                    .with_note(format!("first defined in {first}")),
                            );
                        } else {
                            seen.insert(info.id.to_string(), pack.name.clone());
                            infos.push(info);
                            rules.push(rule);
                        }
                    }
                    Err(e) => errors.push(e),
                };
            fn boxed<R: Rule + 'static>(
                r: Result<(RuleInfo, R), PackError>,
            ) -> Result<(RuleInfo, Box<dyn Rule>), PackError> {
                r.map(|(info, rule)| (info, Box::new(rule) as Box<dyn Rule>))
            }
            for def in &file.term {
                add(boxed(term::compile(def, pack, &mut compiler)), def.id.span());
            }
            for def in &file.name {
                add(boxed(name::compile(def, pack, &mut compiler)), def.id.span());
            }
            for def in &file.pattern {
                add(boxed(pattern::compile(def, pack, &mut compiler)), def.id.span());
            }
            for def in &file.consistency {
                add(boxed(consistency::compile(def, pack, &mut compiler)), def.id.span());
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let set = |patterns: &[String]| {
            RegexSetBuilder::new(patterns)
                .size_limit(REGEX_SIZE_LIMIT * 16)
                .dfa_size_limit(REGEX_DFA_LIMIT * 4)
                .build()
        };
        let sets = set(&compiler.original_patterns).and_then(|o| Ok((o, set(&compiler.folded_patterns)?)));
        let (original_set, folded_set) = match sets {
            Ok(sets) => sets,
            Err(e) => {
                let pack = PackSource {
                    name: "(all packs)".into(),
                    text: String::new(),
                };
                return Err(vec![PackError::new(
                    &pack,
                    None,
                    format!("the patterns together are too large to compile: {e}"),
                )]);
            }
        };
        Ok(Engine {
            infos,
            rules,
            phrases: compiler.phrases.compile(),
            original_set,
            folded_set,
        })
    }

    pub fn rules(&self) -> &[RuleInfo] {
        &self.infos
    }

    pub fn rule(&self, id: &str) -> Option<&RuleInfo> {
        self.infos.iter().find(|r| r.id.as_ref() == id)
    }

    /// The folded literals the word matcher searches for.
    pub fn literals(&self) -> &[String] {
        self.phrases.stems()
    }

    pub fn lint(&self, source: &SourceFile) -> Vec<Diagnostic> {
        self.lint_document(&Document::new(source))
    }

    /// All findings of all rules, ordered by position, then rule id.
    pub fn lint_document(&self, doc: &Document) -> Vec<Diagnostic> {
        let phrases = self.phrases.find(doc);
        let original_patterns = self.original_set.matches(doc.text());
        let folded_patterns = self.folded_set.matches(&doc.folded.text);
        let cx = CheckContext {
            doc,
            phrases: &phrases,
            original_patterns: &original_patterns,
            folded_patterns: &folded_patterns,
        };
        let mut out = Vec::new();
        for rule in &self.rules {
            rule.check(&cx, &mut out);
        }
        out.sort_by(|a, b| (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule)));
        out
    }
}
