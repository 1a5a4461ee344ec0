//! `[[pattern]]`: a regular expression, for what words and names can't say.
//!
//! All patterns of all packs share two `RegexSet`s (original text, folded
//! view) that run once per document; only the patterns the set says matched
//! are then run on their own to find spans.

use super::pack::{MatchOn, PackError, PackSource, PatternDef};
use super::pack_str::PackStr;
use super::regex_shape::RegexShape;
use super::stored_regex::{StoredDfas, StoredRegex};
use super::{CheckContext, Compiler, Renumbering, Rule, RuleInfo, RuleKind, compile_common, render_message};
use crate::diagnostic::{Applicability, Diagnostic, Fix, Severity};
use regex_automata::meta;
use regex_automata::util::captures::Captures;
use regex_automata::{Anchored, Input};
use std::ops::Range;
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
    id: PackStr,
    severity: Severity,
    message: PackStr,
    regex: SharedRegex,
    on: MatchOn,
    set_index: usize,
    word: bool,
    max_length: Option<usize>,
    replace: Option<PackStr>,
    suggest: Vec<PackStr>,
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

/// A pattern's compiled regex: regex-automata's meta regex, the one the
/// `regex` crate wraps, built the way `regex::RegexBuilder` builds it, for
/// the anchored searches `regex` does not offer.
#[derive(Debug, Clone)]
pub struct Regex {
    meta: meta::Regex,
    /// Where its matches start, and whether it reads where the text starts
    /// or ends. A regex whose every match starts where a line starts (the
    /// regex begins with `^` in multi-line mode, or `\A`) is tried at each
    /// line start alone, anchored there, instead of searched for through
    /// the whole text. On prose, whose lines are paragraphs, a try ends at
    /// a line's first letters, where a search read every byte: the two
    /// bundled line patterns cost 5 % of a run on news articles. One that
    /// asks where the whole text starts or ends (`\A`, `\z`, `^` or `$`
    /// outside multi-line mode) must see a big file whole: a stretch of an
    /// article starts and ends elsewhere.
    shape: RegexShape,
}

impl Regex {
    #[cfg(test)]
    pub fn is_match(&self, haystack: &str) -> bool {
        self.meta.is_match(haystack)
    }

    /// Each match in `haystack`, with its groups, as `regex`'s
    /// `captures_iter` gives them: leftmost-first, not overlapping. (Empty
    /// matches, which the rule does not report, may differ: tried at line
    /// starts, none is looked for at the text's very end, and one may be
    /// found where the match before it ended.)
    fn for_each_match(&self, haystack: &str, mut each: impl FnMut(&Captures)) {
        if !self.shape.at_line_starts {
            for caps in self.meta.captures_iter(haystack) {
                each(&caps);
            }
            return;
        }
        let mut caps = self.meta.create_captures();
        each_line_start(haystack, |start| {
            let input = Input::new(haystack).range(start..).anchored(Anchored::Yes);
            self.meta.search_captures(&input, &mut caps);
            let end = caps.get_match()?.end();
            each(&caps);
            Some(end)
        });
    }

    /// The groups of a match the stored DFAs found at `found`.
    fn captures_of(&self, haystack: &str, found: Range<usize>, caps: &mut Captures) {
        // Leftmost-first, the match found there is the one that starts
        // there; a look-around still sees the whole haystack.
        let input = Input::new(haystack).range(found.clone()).anchored(Anchored::Yes);
        self.meta.search_captures(&input, caps);
        debug_assert_eq!(caps.get_match().map(|m| m.range()), Some(found));
    }
}

/// Tries `try_at` at each line start of `haystack`, in order, skipping
/// those before the end of the last match it gave. Every match of a regex
/// whose matches start at line starts is found so, as a search finds it:
/// a search from a line start finds the leftmost match.
fn each_line_start(haystack: &str, mut try_at: impl FnMut(usize) -> Option<usize>) {
    let line_starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', haystack.as_bytes()).map(|at| at + 1));
    let mut searched_to = 0;
    for start in line_starts {
        if start < searched_to || start >= haystack.len() {
            continue;
        }
        if let Some(end) = try_at(start) {
            searched_to = end;
        }
    }
}

fn build(source: &str) -> Result<Regex, regex::Error> {
    // What `regex::RegexBuilder` sets, with the size limits below.
    let config = meta::Config::new()
        .nfa_size_limit(Some(REGEX_SIZE_LIMIT))
        .hybrid_cache_capacity(REGEX_DFA_LIMIT)
        .match_kind(regex_automata::MatchKind::LeftmostFirst)
        .utf8_empty(true);
    // Parsed once, for the regex and for its shape (the parser's defaults
    // are the ones `regex` parses with).
    let hir = regex_syntax::parse(source).map_err(|e| regex::Error::Syntax(e.to_string()))?;
    let shape = RegexShape::of(&hir);
    // Tried only anchored, at line starts, such a regex never runs a
    // prefilter: extracting its literals and building their automaton
    // (an Aho-Corasick DFA for a case-insensitive list of words) was
    // half the cost of building the bundled patterns.
    let config = config.auto_prefilter(!shape.at_line_starts);
    let meta = meta::Builder::new()
        .configure(config)
        .build_from_hir(&hir)
        .map_err(as_regex_error)?;
    Ok(Regex { meta, shape })
}

/// The error `regex` gives for a regex that does not build (its
/// `Error::from_meta_build_error`), so messages stay as users knew them.
fn as_regex_error(error: meta::BuildError) -> regex::Error {
    if let Some(limit) = error.size_limit() {
        regex::Error::CompiledTooBig(limit)
    } else if let Some(syntax) = error.syntax_error() {
        regex::Error::Syntax(syntax.to_string())
    } else {
        regex::Error::Syntax(error.to_string())
    }
}

pub fn prepare(def: &PatternDef) -> PreparedRegex {
    let source = def.regex.get_ref();
    PreparedRegex::Built {
        regex: build(source),
        can_match_empty: super::empty_match::can_match_empty(source).unwrap_or(false),
    }
}

/// A pattern's regex, built once by whichever thread asks first; a thread
/// that asks while another builds it waits for that one. A bundled
/// pattern's matches are found by the DFAs `build.rs` stored for it
/// ([`StoredDfas`]), and the regex is built only for the groups of a match.
#[derive(Clone)]
pub struct SharedRegex(Arc<SharedRegexCell>);

struct SharedRegexCell {
    source: String,
    regex: std::sync::OnceLock<Regex>,
    stored: Option<&'static StoredDfas>,
    /// Its stored DFAs, read on first use (`None` if they do not read).
    finder: std::sync::OnceLock<Option<StoredRegex>>,
}

impl SharedRegex {
    /// A regex not built yet. Its source must have passed the checks
    /// `build.rs` makes of a bundled pack's regexes; only the size limits
    /// are left, and a test builds every bundled regex.
    pub fn deferred(source: &str) -> SharedRegex {
        SharedRegex::new(source, std::sync::OnceLock::new())
    }

    fn built(source: &str, regex: Regex) -> SharedRegex {
        SharedRegex::new(source, std::sync::OnceLock::from(regex))
    }

    fn new(source: &str, regex: std::sync::OnceLock<Regex>) -> SharedRegex {
        SharedRegex(Arc::new(SharedRegexCell {
            source: source.to_string(),
            regex,
            stored: StoredDfas::of(source),
            finder: std::sync::OnceLock::new(),
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

    /// The stored DFAs that find its matches, if it has them.
    fn finder(&self) -> Option<&StoredRegex> {
        let stored = self.0.stored?;
        self.0.finder.get_or_init(|| stored.read(None)).as_ref()
    }

    /// Makes ready what a search needs: the stored DFAs read, or the
    /// regex built.
    pub fn make_ready(&self) {
        if self.finder().is_none() {
            self.get();
        }
    }

    fn shape(&self) -> RegexShape {
        match self.0.stored {
            Some(stored) => stored.shape,
            None => self.get().shape,
        }
    }

    /// [`Regex::for_each_match`], with the stored DFAs finding the matches
    /// when there are some.
    fn for_each_match(&self, haystack: &str, mut each: impl FnMut(&Captures)) {
        let Some(finder) = self.finder() else {
            self.get().for_each_match(haystack, each);
            return;
        };
        let mut caps: Option<Captures> = None;
        let mut report = |found: Range<usize>| {
            let regex = self.get();
            let caps = caps.get_or_insert_with(|| regex.meta.create_captures());
            regex.captures_of(haystack, found, caps);
            each(caps);
        };
        if !self.shape().at_line_starts {
            for found in finder.find_iter(haystack) {
                report(found.range());
            }
            return;
        }
        each_line_start(haystack, |start| {
            let found = finder.find(Input::new(haystack).range(start..).anchored(Anchored::Yes))?;
            report(found.range());
            Some(found.end())
        });
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
    Ok(SharedRegex::built(def.regex.get_ref(), regex))
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
    fn renumber(&mut self, renumbering: &Renumbering) {
        self.set_index = renumbering.pattern(self.on, self.set_index);
    }

    fn reads_across_paragraphs(&self) -> bool {
        self.regex.shape().anchored_to_text
    }

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
        self.regex.for_each_match(haystack, |caps| {
            let whole = caps.get_match().expect("a match").range();
            if whole.is_empty()
                || self
                    .max_length
                    .is_some_and(|max| haystack[whole.clone()].chars().nth(max).is_some())
                || (self.word && !(at_boundary(haystack, whole.start) && at_boundary(haystack, whole.end)))
            {
                return;
            }
            // A group named `span` narrows what is reported (the rest of the
            // match is context, like a look-around).
            let reported = caps.get_group_by_name("span").map_or(whole, |span| span.range());
            let span = match self.on {
                MatchOn::Original => reported,
                MatchOn::Folded => doc.original_range(reported),
            };
            let found = &doc.text()[span.clone()];
            let fix = self.replace.as_ref().map(|template| {
                let mut replacement = String::new();
                caps.interpolate_string_into(haystack, template, &mut replacement);
                Fix {
                    span: span.clone(),
                    replacement: replacement.into_boxed_str(),
                    applicability: self.applicability,
                }
            });
            let mut suggestions: Vec<String> = fix.iter().map(|f| f.replacement.to_string()).collect();
            suggestions.extend(self.suggest.iter().map(|s| s.as_str().to_string()));
            let message = render_message(&self.message, &[("found", found)]);
            out.push(
                Diagnostic::new(self.id.clone(), self.severity, message, span)
                    .with_fix(fix)
                    .with_suggestions(suggestions),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_regex_that_asks_where_the_text_starts_or_ends_is_anchored_to_it() {
        for (source, anchored) in [
            (r"\Aنص", true),
            (r"نص\z", true),
            ("^نص", true),
            ("نص$", true),
            (r"(?m)^نص", false),
            (r"(?m)نص$", false),
            (r"\bنص\b", false),
            ("نص", false),
        ] {
            assert_eq!(build(source).unwrap().shape.anchored_to_text, anchored, "{source}");
        }
    }

    /// The matches (whole, and the `span` group) `regex` finds.
    fn by_regex(source: &str, haystack: &str) -> Vec<(std::ops::Range<usize>, Option<std::ops::Range<usize>>)> {
        regex::Regex::new(source)
            .unwrap()
            .captures_iter(haystack)
            .map(|c| (c.get(0).unwrap().range(), c.name("span").map(|m| m.range())))
            .collect()
    }

    /// The matches (whole, and the `span` group) a rule finds, through the
    /// stored DFAs when the regex has them.
    fn by_rule(regex: &SharedRegex, haystack: &str) -> Vec<(std::ops::Range<usize>, Option<std::ops::Range<usize>>)> {
        let mut found = Vec::new();
        regex.for_each_match(haystack, |c| {
            found.push((
                c.get_match().unwrap().range(),
                c.get_group_by_name("span").map(|m| m.range()),
            ))
        });
        found
    }

    /// Patterns tried at line starts alone, and some that are not.
    const PATTERNS: [(&str, bool); 10] = [
        (r"(?m)^[ \t]*(?P<span>[•·][ \t]*[0-9]+)[ \t]*$", true),
        (r"(?mi)^[ \t]*(?P<span>(?:ab|b)[ \t]*:?)[ \t]*$", true),
        (r"(?m)^a+", true),
        (r"(?m)^a\n(?P<span>b+)", true),
        (r"(?m)^a\n", true),
        (r"(?m)^(?:a|\n)+$", true),
        (r"\Aa+\s", true),
        (r"(?m)(?:^a|b)", false),
        (r"a+$", false),
        (r"(?m)[ab]+$", false),
    ];

    #[test]
    fn line_patterns_are_known_by_their_start() {
        for (source, at_line_starts) in PATTERNS {
            assert_eq!(build(source).unwrap().shape.at_line_starts, at_line_starts, "{source}");
        }
    }

    proptest::proptest! {
        /// Tried at line starts or searched for, a pattern finds what
        /// `regex` finds, groups included.
        #[test]
        fn patterns_find_what_regex_finds(pieces in proptest::collection::vec(0..12usize, 0..40)) {
            // Mostly `a` and line ends, so that matches run over lines.
            let haystack: String = pieces.iter().map(|&i| ["a", "a", "a", "\n", "\n", "\n", "b", "1", "•", ":", " ", "\t"][i]).collect();
            for (source, _) in PATTERNS {
                let regex = SharedRegex::built(source, build(source).unwrap());
                proptest::prop_assert_eq!(by_rule(&regex, &haystack), by_regex(source, &haystack), "{}", source);
            }
        }
    }

    proptest::proptest! {
        /// A regex `build.rs` stored finds, through its DFAs, what `regex`
        /// finds, groups included.
        #[test]
        fn stored_regexes_find_what_regex_finds(pieces in proptest::collection::vec(0..30usize, 0..40)) {
            let haystack: String = pieces
                .iter()
                .map(|&i| {
                    [
                        "&", "amp", "#82", "x2F", ";", "<", "br", "p", " class=\"x\"", ">", "/", "•", "٣", "\n", " ",
                        "\t", "Share", "ſ", "EMAIL", ":", "https", "www", ".", "\u{a0}", "1", ",", "٬", "ب", "\n", "a",
                    ][i]
                })
                .collect();
            for stored in crate::rules::stored_regex::STORED_REGEXES {
                let regex = SharedRegex::deferred(stored.source);
                proptest::prop_assert!(regex.finder().is_some());
                proptest::prop_assert_eq!(by_rule(&regex, &haystack), by_regex(stored.source, &haystack), "{}", stored.source);
            }
        }
    }

    #[test]
    fn a_regex_too_big_or_malformed_says_so_as_regex_does() {
        let big = "(?:a{1000}){1000}";
        assert_eq!(
            build(big).unwrap_err().to_string(),
            regex::RegexBuilder::new(big)
                .size_limit(REGEX_SIZE_LIMIT)
                .build()
                .unwrap_err()
                .to_string()
        );
        // Through a variable: clippy rejects a malformed literal regex.
        let malformed = String::from("a(");
        assert_eq!(
            build(&malformed).unwrap_err().to_string(),
            regex::Regex::new(&malformed).unwrap_err().to_string()
        );
    }
}
