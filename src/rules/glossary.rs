//! `[[glossary]]`: a newsroom's required renderings. When the English
//! original of a segment says a glossary term, its translation must use one
//! of the term's Arabic renderings (clitics and the article allowed, as for
//! every literal); a rendering the glossary forbids is reported where it is
//! written, any other miss on the segment. Terms are listed in the pack or
//! imported from TBX and CSV/TSV files (see `crate::termbase`).

use super::pack::{GlossaryDef, PackError, PackSource};
use super::pack_str::PackStr;
use super::phrases::PhraseId;
use super::rewrite::rewrite;
use super::{
    CheckContext, Compiler, Renumbering, Rule, RuleInfo, RuleKind, check_message, compile_common, render_message,
};
use crate::arabic::clitics::CliticPolicy;
use crate::arabic::literal::validate_literal;
use crate::bilingual::is_whole_word;
use crate::diagnostic::{Applicability, Diagnostic, Related, Severity};
use crate::termbase::{self, GlossaryEntry};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

pub const DEFAULT_MESSAGE: &str = "the glossary renders «{english}» as «{required}»";

#[derive(Debug)]
struct Rendering {
    phrase: PhraseId,
    literal: String,
}

#[derive(Debug)]
struct Entry {
    english: String,
    required: Vec<Rendering>,
    avoid: Vec<Rendering>,
}

#[derive(Debug)]
pub struct GlossaryRule {
    id: PackStr,
    severity: Severity,
    message: PackStr,
    applicability: Applicability,
    entries: Vec<Entry>,
    /// English forms, lowercased (acronyms apart), with each one's entry.
    folded_forms: Vec<String>,
    folded_entry: Vec<usize>,
    /// Acronyms (`IS`, `UN`), matched as written.
    exact_forms: Vec<String>,
    exact_entry: Vec<usize>,
    /// The two forms' automata, built on first use for a bundled pack:
    /// only a run with the English original searches them, and every other
    /// run built them at start-up for nothing. A pack read from its TOML
    /// has them built as it compiles, so a glossary too large to search is
    /// reported there.
    automata: OnceLock<EnglishAutomata>,
}

#[derive(Debug)]
struct EnglishAutomata {
    folded: Option<AhoCorasick>,
    exact: Option<AhoCorasick>,
}

impl EnglishAutomata {
    fn build(folded_forms: &[String], exact_forms: &[String]) -> Result<EnglishAutomata, aho_corasick::BuildError> {
        let automaton = |forms: &[String]| {
            if forms.is_empty() {
                return Ok(None);
            }
            // Searched only in English originals, a few kilobytes a
            // document: a DFA's faster search does not pay back building it.
            AhoCorasick::builder()
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(forms)
                .map(Some)
        };
        Ok(EnglishAutomata {
            folded: automaton(folded_forms)?,
            exact: automaton(exact_forms)?,
        })
    }
}

/// Whether a term is an acronym, which only matches as written (`IS` is not
/// `is`).
fn is_acronym(term: &str) -> bool {
    term.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && term.chars().all(|c| !c.is_alphabetic() || c.is_uppercase())
}

/// A term and its other number: `sleeper cells` also matches `sleeper
/// cell`, `militia` also `militias`, `party` also `parties`.
pub fn english_forms(term: &str) -> Vec<String> {
    let mut forms = vec![term.to_string()];
    if is_acronym(term) {
        return forms;
    }
    let (head, last) = match term.rsplit_once(' ') {
        Some((head, last)) => (format!("{head} "), last),
        None => (String::new(), term),
    };
    let lower = last.to_lowercase();
    let consonant_y =
        lower.len() > 2 && lower.ends_with('y') && !lower[..lower.len() - 1].ends_with(['a', 'e', 'i', 'o', 'u']);
    if lower.ends_with("ies") && lower.len() > 4 {
        forms.push(format!("{head}{}y", &last[..last.len() - 3]));
    } else if lower.ends_with('s') && !lower.ends_with("ss") && lower.len() > 3 {
        // A plural: its singular.
        forms.push(format!("{head}{}", &last[..last.len() - 1]));
    } else if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
        forms.push(format!("{head}{last}es"));
    } else if consonant_y {
        forms.push(format!("{head}{}ies", &last[..last.len() - 1]));
    } else if lower.chars().last().is_some_and(char::is_alphabetic) {
        forms.push(format!("{head}{last}s"));
    }
    forms
}

/// Reads the entries of a pack's `terms` and `import` files.
fn entries_of(def: &GlossaryDef, pack: &PackSource) -> Result<Vec<GlossaryEntry>, PackError> {
    let mut entries: Vec<GlossaryEntry> = def
        .terms
        .iter()
        .map(|t| GlossaryEntry {
            english: termbase::alternatives(t.english.get_ref()),
            arabic: t.arabic.iter().map(|a| a.get_ref().to_string()).collect(),
            avoid: t.avoid.iter().map(|a| a.get_ref().to_string()).collect(),
            at: t.english.span().start,
        })
        .collect();
    for import in &def.import {
        if pack.name.starts_with("bundled:") {
            return Err(
                PackError::new(pack, Some(import.span()), "a bundled pack cannot import files")
                    .with_label("list the terms in `terms`"),
            );
        }
        let path = Path::new(pack.name.as_str())
            .parent()
            .unwrap_or(Path::new("."))
            .join(import.get_ref().as_str());
        entries.extend(import_file(&path).map_err(|e| match e {
            ImportError::Pack(e) => e,
            ImportError::Unreadable(message) => {
                PackError::new(pack, Some(import.span()), "cannot import glossary").with_label(message)
            }
        })?);
    }
    Ok(entries)
}

enum ImportError {
    /// A mistake inside the glossary file, located in it.
    Pack(PackError),
    /// The file could not be read at all.
    Unreadable(String),
}

/// Reads one glossary file; a mistake in it is located in that file.
fn import_file(path: &Path) -> Result<Vec<GlossaryEntry>, ImportError> {
    let Some(format) = termbase::Format::of(path) else {
        return Err(ImportError::Unreadable(format!(
            "{}: not a glossary (.tbx, .csv or .tsv)",
            path.display()
        )));
    };
    let bytes = std::fs::read(path).map_err(|e| ImportError::Unreadable(format!("{}: {e}", path.display())))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ImportError::Unreadable(format!(
            "{}: invalid UTF-8 at byte {}",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })?;
    let source = PackSource::new(path.display().to_string(), text);
    let entries = termbase::parse(&source.text, format).map_err(|e| {
        let span = e.at.map(|at| at..at);
        ImportError::Pack(PackError::new(&source, span, e.message))
    })?;
    if entries.is_empty() {
        let why = match format {
            termbase::Format::Tbx => "no entry has both an English term and an Arabic one",
            _ => "no row has an English term and an Arabic rendering (a first row without Arabic is a header)",
        };
        return Err(ImportError::Pack(PackError::new(&source, None, why)));
    }
    // Every rendering is a literal the word matcher must be able to find.
    for entry in &entries {
        for literal in entry.arabic.iter().chain(&entry.avoid) {
            if let Err(msg) = validate_literal(literal) {
                return Err(ImportError::Pack(
                    PackError::new(
                        &source,
                        Some(entry.at..entry.at),
                        format!("unusable rendering «{literal}»"),
                    )
                    .with_label(msg),
                ));
            }
        }
    }
    Ok(entries)
}

pub fn compile(
    def: &GlossaryDef,
    pack: &PackSource,
    compiler: &mut Compiler,
) -> Result<(RuleInfo, GlossaryRule), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    let message = match &def.message {
        Some(m) => {
            check_message(pack, m, &["english", "required", "found"])?;
            m.get_ref().clone()
        }
        None => PackStr::from_static(DEFAULT_MESSAGE),
    };
    for t in &def.terms {
        if termbase::alternatives(t.english.get_ref()).is_empty() {
            return Err(PackError::new(
                pack,
                Some(t.english.span()),
                "the English term is empty",
            ));
        }
        if t.arabic.is_empty() {
            return Err(
                PackError::new(pack, Some(t.english.span()), "no Arabic rendering for this term")
                    .with_label("list at least one in `arabic`"),
            );
        }
        for literal in t.arabic.iter().chain(&t.avoid) {
            validate_literal(literal.get_ref())
                .map_err(|msg| PackError::new(pack, Some(literal.span()), "invalid literal").with_label(msg))?;
        }
    }
    let found = entries_of(def, pack)?;
    if found.is_empty() {
        return Err(PackError::new(pack, Some(def.id.span()), "the glossary has no terms")
            .with_label("list `terms` or `import` a glossary file with entries in English and Arabic"));
    }
    let clitics = CliticPolicy::default();
    let mut entries = Vec::with_capacity(found.len());
    let (mut folded_forms, mut folded_entry, mut exact_forms, mut exact_entry) = (vec![], vec![], vec![], vec![]);
    for (i, e) in found.iter().enumerate() {
        let rendering = |literal: &String, compiler: &mut Compiler| Rendering {
            phrase: compiler.phrases.add(literal, clitics),
            literal: literal.clone(),
        };
        entries.push(Entry {
            english: e.english[0].clone(),
            required: e.arabic.iter().map(|l| rendering(l, compiler)).collect(),
            avoid: e.avoid.iter().map(|l| rendering(l, compiler)).collect(),
        });
        for term in &e.english {
            for form in english_forms(term) {
                if is_acronym(&form) {
                    exact_forms.push(form);
                    exact_entry.push(i);
                } else {
                    folded_forms.push(form.to_lowercase());
                    folded_entry.push(i);
                }
            }
        }
    }
    let automata = match pack.prebuilt {
        Some(_) => OnceLock::new(),
        None => OnceLock::from(
            EnglishAutomata::build(&folded_forms, &exact_forms)
                .map_err(|e| PackError::new(pack, Some(def.id.span()), format!("the glossary is too large: {e}")))?,
        ),
    };
    let rule = GlossaryRule {
        id: id.clone(),
        severity: def.severity,
        message: message.clone(),
        applicability: def.fix,
        entries,
        folded_forms,
        folded_entry,
        exact_forms,
        exact_entry,
        automata,
    };
    let info = RuleInfo {
        id,
        kind: RuleKind::Glossary,
        severity: def.severity,
        message,
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: Some(def.fix),
    };
    Ok((info, rule))
}

impl GlossaryRule {
    /// The entries an English segment calls for, each with the span of the
    /// first term that calls for it (relative to the segment).
    fn called_for(&self, en: &str) -> Vec<(usize, Range<usize>)> {
        let mut called: Vec<(usize, Range<usize>)> = Vec::new();
        let mut note = |entry: usize, span: Range<usize>| {
            if !called.iter().any(|(e, _)| *e == entry) {
                called.push((entry, span));
            }
        };
        let automata = self.automata.get_or_init(|| {
            EnglishAutomata::build(&self.folded_forms, &self.exact_forms)
                .expect("a bundled glossary's automata build: its tests compile it from the TOML, which builds them")
        });
        if let Some(ac) = &automata.folded {
            // Lowercasing keeps byte offsets for ASCII; a text where it
            // would not is searched as written.
            let lower = en.to_lowercase();
            let haystack = if lower.len() == en.len() { lower.as_str() } else { en };
            for m in ac.find_overlapping_iter(haystack) {
                if is_whole_word(haystack, m.range()) {
                    note(self.folded_entry[m.pattern().as_usize()], m.range());
                }
            }
        }
        if let Some(ac) = &automata.exact {
            for m in ac.find_overlapping_iter(en) {
                if is_whole_word(en, m.range()) {
                    note(self.exact_entry[m.pattern().as_usize()], m.range());
                }
            }
        }
        called.sort_by_key(|(_, span)| span.start);
        called
    }
}

impl Rule for GlossaryRule {
    fn renumber(&mut self, renumbering: &Renumbering) {
        for entry in &mut self.entries {
            for rendering in entry.required.iter_mut().chain(&mut entry.avoid) {
                rendering.phrase = renumbering.phrase(rendering.phrase);
            }
        }
    }

    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let Some(bi) = cx.bilingual else { return };
        let doc = cx.doc;
        // A phrase's matches are in document order: those of one segment
        // are found by binary search, not by reading every match per pair.
        let within = |hits: &'_ [crate::arabic::word_matcher::PhraseMatch], segment: &Range<usize>| {
            let from = hits.partition_point(|m| m.span(doc).start < segment.start);
            let to = from + hits[from..].partition_point(|m| m.span(doc).end <= segment.end);
            from..to
        };
        for pair in &bi.pairs {
            let (Some(en), Some(ar)) = (&pair.en, &pair.ar) else {
                continue;
            };
            let en_text = &bi.original_text()[en.clone()];
            for (i, term_span) in self.called_for(en_text) {
                let entry = &self.entries[i];
                let said = &en_text[term_span.clone()];
                let related = Related::new(
                    bi.original,
                    en.start + term_span.start..en.start + term_span.end,
                    format!("«{said}» in the original"),
                );
                let required: Vec<&str> = entry.required.iter().map(|r| r.literal.as_str()).collect();
                let required_list = required.join("» or «");
                let mut reported = false;
                for avoid in &entry.avoid {
                    let hits = cx.phrases.of(avoid.phrase);
                    for m in &hits[within(hits, ar)] {
                        let span = m.span(doc);
                        let found = &doc.text()[span.clone()];
                        let vars = [
                            ("english", entry.english.as_str()),
                            ("required", required[0]),
                            ("found", found),
                        ];
                        let mut d = Diagnostic::new(
                            self.id.clone(),
                            self.severity,
                            format!(
                                "{}: «{found}» is a rendering it rules out",
                                render_message(&self.message, &vars)
                            ),
                            span,
                        );
                        if let [only] = entry.required.as_slice()
                            && let Some(r) = rewrite(doc, &cx.phrases.words(doc, m), &avoid.literal, &only.literal)
                        {
                            d = d
                                .with_suggestions(vec![r.whole.clone()])
                                .with_fix(Some(r.into_fix(self.applicability)));
                        } else {
                            d = d.with_suggestions(required.iter().map(|s| s.to_string()).collect::<Vec<_>>());
                        }
                        out.push(d.with_related(related.clone()));
                        reported = true;
                    }
                }
                let rendered = entry
                    .required
                    .iter()
                    .any(|r| !within(cx.phrases.of(r.phrase), ar).is_empty());
                if !reported && !rendered {
                    let vars = [
                        ("english", entry.english.as_str()),
                        ("required", required[0]),
                        ("found", ""),
                    ];
                    let d = Diagnostic::new(
                        self.id.clone(),
                        self.severity,
                        format!(
                            "{}: the translation of this segment has no «{required_list}»",
                            render_message(&self.message, &vars)
                        ),
                        ar.clone(),
                    );
                    out.push(
                        d.with_suggestions(required.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                            .with_related(related),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_forms_cover_the_other_number() {
        assert_eq!(english_forms("sleeper cells"), ["sleeper cells", "sleeper cell"]);
        assert_eq!(english_forms("militia"), ["militia", "militias"]);
        assert_eq!(english_forms("party"), ["party", "parties"]);
        assert_eq!(english_forms("militias"), ["militias", "militia"]);
        assert_eq!(english_forms("casualties"), ["casualties", "casualty"]);
        assert_eq!(english_forms("IS"), ["IS"]);
        assert_eq!(english_forms("press"), ["press", "presses"]);
    }

    /// A bundled glossary builds its English automata when a segment is
    /// first searched; one read from its TOML, as it compiles. Both find
    /// the same terms.
    #[test]
    fn a_bundled_glossary_builds_its_english_automata_on_first_use() {
        let compiled = |pack: &PackSource| {
            let (file, checked) = crate::rules::pack::parse_prechecked(pack).unwrap();
            let mut compiler = Compiler {
                folds: checked.folds,
                ..Compiler::default()
            };
            compile(&file.glossary[0], pack, &mut compiler).unwrap().1
        };
        let bundled = crate::engine::bundled_packs()
            .into_iter()
            .find(|pack| pack.name.as_str() == "bundled:glossary-security.toml")
            .expect("the bundled glossary");
        let stored = compiled(&bundled);
        assert!(stored.automata.get().is_none());
        let from_toml = compiled(&PackSource::new(bundled.name.as_str(), bundled.text.clone()));
        assert!(from_toml.automata.get().is_some());
        let en = "Sleeper cells struck after the prison break; a car bomb.";
        let called = stored.called_for(en);
        assert!(stored.automata.get().is_some());
        let terms: Vec<&str> = called.iter().map(|(_, span)| &en[span.clone()]).collect();
        assert_eq!(terms, ["Sleeper cells", "prison break", "car bomb"]);
        assert_eq!(called, from_toml.called_for(en));
    }

    #[test]
    fn acronyms_match_as_written() {
        assert!(is_acronym("UN") && is_acronym("U.N.") && !is_acronym("Hamas") && !is_acronym("I"));
    }
}
