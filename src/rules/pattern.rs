//! `[[pattern]]`: a regular expression, for what words and names can't say.
//!
//! All patterns of all packs share two `RegexSet`s (original text, folded
//! view) that run once per document; only the patterns the set says matched
//! are then run on their own to find spans.

use super::pack::{MatchOn, PackError, PackSource, PatternDef};
use super::{CheckContext, Compiler, Rule, RuleInfo, RuleKind, compile_common, render_message};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use regex::{Regex, RegexBuilder};
use std::sync::Arc;

/// Compiled-program limits for user regexes: a pathological pattern is
/// rejected with an error instead of exhausting memory.
pub const REGEX_SIZE_LIMIT: usize = 1 << 20;
pub const REGEX_DFA_LIMIT: usize = 4 << 20;

/// With this many pattern rules or more, one pass of a regex set over a
/// text tells which of them can match, and the others do not run. With
/// fewer, each runs alone: its literal prefilter (`&`, `<`, `•`) skips a
/// text in a fraction of the time the set's full-text scan takes (the
/// bundled four patterns spent 4 % of a run in the set).
pub const PATTERNS_FOR_A_SET: usize = 8;

#[derive(Debug)]
pub struct PatternRule {
    id: Arc<str>,
    severity: Severity,
    message: String,
    regex: SharedRegex,
    on: MatchOn,
    set_index: usize,
    word: bool,
    max_length: Option<usize>,
    replace: Option<String>,
    suggest: Vec<String>,
    applicability: Applicability,
}

/// A pattern's regex as the thread that reads the packs hands it over.
pub enum PreparedRegex {
    /// Built (or failed to build) ahead of its rule.
    Built {
        regex: Result<Regex, regex::Error>,
        can_match_empty: bool,
    },
    /// Checked when mtlint was built ([`SoundRegexes`](super::pack::SoundRegexes)),
    /// and built later by the reading thread or the first document that
    /// needs it.
    Deferred(SharedRegex),
}

fn build(source: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(source)
        .size_limit(REGEX_SIZE_LIMIT)
        .dfa_size_limit(REGEX_DFA_LIMIT)
        .build()
}

pub fn prepare(def: &PatternDef) -> PreparedRegex {
    let source = def.regex.get_ref();
    PreparedRegex::Built {
        regex: build(source),
        can_match_empty: super::empty_match::can_match_empty(source).unwrap_or(false),
    }
}

/// A pattern's regex, built once by whichever thread asks first; a thread
/// that asks while another builds it waits for that one.
#[derive(Clone)]
pub struct SharedRegex(Arc<SharedRegexCell>);

struct SharedRegexCell {
    source: String,
    regex: std::sync::OnceLock<Regex>,
}

impl SharedRegex {
    /// A regex not built yet. Its source must have passed the checks
    /// `build.rs` makes of a bundled pack's regexes; only the size limits
    /// are left, and a test builds every bundled regex.
    pub fn deferred(source: &str) -> SharedRegex {
        SharedRegex(Arc::new(SharedRegexCell {
            source: source.to_string(),
            regex: std::sync::OnceLock::new(),
        }))
    }

    fn built(regex: Regex) -> SharedRegex {
        let source = regex.as_str().to_string();
        SharedRegex(Arc::new(SharedRegexCell {
            source,
            regex: std::sync::OnceLock::from(regex),
        }))
    }

    /// Whether the regex is built yet.
    #[cfg(test)]
    pub fn is_built(&self) -> bool {
        self.0.regex.get().is_some()
    }

    pub fn get(&self) -> &Regex {
        self.0.regex.get_or_init(|| {
            build(&self.0.source).unwrap_or_else(|e| {
                panic!("a bundled pattern's regex passed build.rs's checks but does not build: {e}")
            })
        })
    }
}

impl std::fmt::Debug for SharedRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("SharedRegex").field(&self.0.source).finish()
    }
}

/// Compiles a `[[pattern]]`, with its regex from [`prepare`] when the
/// caller built it already.
pub fn compile(
    def: &PatternDef,
    prepared: Option<PreparedRegex>,
    pack: &PackSource,
    compiler: &mut Compiler,
) -> Result<(RuleInfo, PatternRule), PackError> {
    let (id, examples) = compile_common(pack, &def.id, &def.examples)?;
    super::check_message(pack, &def.message, &["found"])?;
    let regex = match prepared.unwrap_or_else(|| prepare(def)) {
        PreparedRegex::Deferred(regex) => regex,
        PreparedRegex::Built { regex, can_match_empty } => built(def, pack, regex, can_match_empty)?,
    };
    if let Some(max) = def.max_length.as_ref().filter(|m| *m.get_ref() == 0) {
        return Err(PackError::new(pack, Some(max.span()), "max-length must be at least 1")
            .with_label("a pattern reports matches of at least one character"));
    }
    let patterns = match def.on {
        MatchOn::Original => &mut compiler.original_patterns,
        MatchOn::Folded => &mut compiler.folded_patterns,
    };
    patterns.push(def.regex.get_ref().clone());
    let rule = PatternRule {
        id: id.clone(),
        severity: def.severity,
        message: def.message.get_ref().clone(),
        regex,
        on: def.on,
        set_index: patterns.len() - 1,
        word: def.word,
        max_length: def.max_length.as_ref().map(|m| *m.get_ref()),
        replace: def.replace.clone(),
        suggest: def.suggest.clone(),
        applicability: def.fix,
    };
    let info = RuleInfo {
        id,
        kind: RuleKind::Pattern,
        severity: def.severity,
        message: def.message.get_ref().clone(),
        explain: def.explain.clone(),
        examples,
        pack: pack.name.clone(),
        fix: def.replace.is_some().then_some(def.fix),
    };
    Ok((info, rule))
}

/// A regex built ahead of its rule, or the mistake in it.
fn built(
    def: &PatternDef,
    pack: &PackSource,
    regex: Result<Regex, regex::Error>,
    can_match_empty: bool,
) -> Result<SharedRegex, PackError> {
    let regex = regex.map_err(|e| {
        let detail = match &e {
            regex::Error::CompiledTooBig(limit) => {
                format!("the compiled regex would exceed the {limit}-byte limit; simplify it or split the rule")
            }
            other => other.to_string(),
        };
        PackError::new(pack, Some(def.regex.span()), "invalid regex")
            .with_label(detail.lines().last().unwrap_or_default().to_string())
            .with_note(detail)
    })?;
    if can_match_empty {
        return Err(
            PackError::new(pack, Some(def.regex.span()), "regex can match the empty string").with_label(
                "a pattern must match at least one character; use `+` instead of `*`, or drop an empty alternative",
            ),
        );
    }
    Ok(SharedRegex::built(regex))
}

/// A word boundary that knows Arabic: letters, digits and marks are word
/// characters (regex's `\b` is Unicode-aware but treats a diacritic after
/// a boundary as a new word).
fn at_boundary(text: &str, offset: usize) -> bool {
    let before = text[..offset].chars().next_back();
    let after = text[offset..].chars().next();
    let is_word = |c: Option<char>| {
        c.is_some_and(|c| c.is_alphanumeric() || crate::arabic::script::is_tashkeel(c) || c == '\u{0640}')
    };
    !(is_word(before) && is_word(after))
}

impl Rule for PatternRule {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let doc = cx.doc;
        let (haystack, matched) = match self.on {
            MatchOn::Original => (
                doc.text(),
                cx.original_patterns.is_none_or(|set| set.matched(self.set_index)),
            ),
            MatchOn::Folded => (
                doc.folded.text.as_str(),
                cx.folded_patterns.is_none_or(|set| set.matched(self.set_index)),
            ),
        };
        if !matched {
            return;
        }
        for caps in self.regex.get().captures_iter(haystack) {
            let whole = caps.get(0).expect("group 0 always matches");
            if whole.is_empty()
                || self
                    .max_length
                    .is_some_and(|max| whole.as_str().chars().nth(max).is_some())
                || (self.word && !(at_boundary(haystack, whole.start()) && at_boundary(haystack, whole.end())))
            {
                continue;
            }
            // A group named `span` narrows what is reported (the rest of the
            // match is context, like a look-around).
            let reported = caps.name("span").unwrap_or(whole);
            let span = match self.on {
                MatchOn::Original => reported.range(),
                MatchOn::Folded => doc.original_range(reported.range()),
            };
            let found = &doc.text()[span.clone()];
            let fix = self.replace.as_ref().map(|template| {
                let mut replacement = String::new();
                caps.expand(template, &mut replacement);
                Fix {
                    span: span.clone(),
                    replacement,
                    applicability: self.applicability,
                }
            });
            let mut suggestions: Vec<String> = fix.iter().map(|f| f.replacement.clone()).collect();
            suggestions.extend(self.suggest.iter().cloned());
            let message = render_message(&self.message, &[("found", found)]);
            out.push(
                Diagnostic::new(self.id.clone(), self.severity, message, span)
                    .with_fix(fix)
                    .with_suggestions(suggestions),
            );
        }
    }
}
