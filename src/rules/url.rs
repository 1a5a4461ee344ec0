//! `[[url]]`: links, e-mail addresses broken by machine translation.
//!
//! MT treats a URL as text: it turns `?` into the Arabic «؟», inserts spaces
//! after the scheme or around dots, writes Arabic-Indic digits, slips
//! invisible direction marks in. The finder here therefore reads URLs the
//! way MT leaves them (a URL is recognised by its scheme or `www.` and
//! followed through those breakages), and the checks say what broke.

use super::builtin_regexes;
use super::check::{CheckKind, Configured, Family, no_options};
use super::stored_regex::Finder;
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::script::{
    TATWEEL, code_point, is_arabic_indic_digit, is_arabic_letter, is_bidi_control, is_bidi_mark, is_inline_space,
    is_invisible,
};
use crate::diagnostic::Diagnostic;
use regex::Regex;
use regex_automata::Input;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    Link,
    Email,
}

/// A URL or e-mail address as written, breakage included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    pub span: Range<usize>,
    pub kind: UrlKind,
    /// The host (domain) part, for links.
    pub host: Range<usize>,
    /// A slash written just before the scheme: the URL's final `/` moved to
    /// the front when RTL text was edited (`(/http://www.nhc.gov.cn)`).
    pub displaced_slash: Option<Range<usize>>,
}

/// Where a link starts (see [`builtin_regexes::LINK_START`]).
static LINK_START: LazyLock<Finder> = LazyLock::new(|| Finder::new(&builtin_regexes::LINK_START));
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[A-Za-z0-9._%+\-]+ ?@ ?[A-Za-z0-9\-]+(?: ?\. ?[A-Za-z0-9\-]+)*(?: ?\. ?[A-Za-z]{2,})").unwrap()
});

/// Builds this module's regexes now (see [`crate::rules::WARM_UPS`]).
pub fn warm_up() {
    LazyLock::force(&LINK_START);
}

fn is_url_ascii(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
}

/// Characters MT puts into a URL that still belong to it when more URL
/// follows.
fn is_breakage(c: char) -> bool {
    matches!(c, '؟' | '،' | '؛' | TATWEEL)
        || is_arabic_indic_digit(c)
        || is_bidi_control(c)
        || is_bidi_mark(c)
        || is_invisible(c)
}

/// Whether the text after «… .» + space goes on as a URL: a common domain
/// ending, or a word followed by more URL punctuation.
fn continues_after_dot(rest: &str) -> bool {
    let word: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let follows = rest[word.len()..].chars().next();
    const ENDINGS: &[&str] = &[
        "com", "org", "net", "gov", "edu", "int", "mil", "info", "io", "co", "uk", "tv", "news",
    ];
    ENDINGS.contains(&word.as_str())
        || (!word.is_empty()
            && word.chars().all(|c| !c.is_ascii_uppercase())
            && matches!(follows, Some('.' | '/' | '?')))
}

/// Whether a byte offset lies inside the span of one of `urls` (in order
/// and apart, as [`find_urls`] gives them), each read by `span`.
pub fn in_any<T>(urls: &[T], span: impl Fn(&T) -> &Range<usize>, offset: usize) -> bool {
    let i = urls.partition_point(|u| span(u).end <= offset);
    urls.get(i).is_some_and(|u| span(u).start <= offset)
}

/// All URLs and e-mail addresses, ordered by position, not overlapping.
pub fn find_urls(text: &str) -> Vec<Url> {
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(m) = LINK_START.find(Input::new(text).range(from..)) {
        let before = text[..m.start()].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            from = m.end();
            continue;
        }
        let mut url = extend_link(text, m.start(), m.end());
        // Only a lone slash where a URL would start (after a space or an
        // opening bracket or quote) was moved there; `///www.` or a path's
        // `a/www.` are other things, and moving their slashes would never
        // settle.
        if before == Some('/') && !text[url.span.clone()].ends_with('/') {
            let before_slash = text[..m.start() - 1].chars().next_back();
            if before_slash.is_none_or(|c| c.is_whitespace() || "([{«\"'“".contains(c)) {
                url.displaced_slash = Some(m.start() - 1..m.start());
            }
        }
        from = url.span.end.max(m.end());
        urls.push(url);
    }
    // The e-mail pattern starts with a character class and would otherwise
    // be tried at every position of the text.
    let emails = if memchr::memchr(b'@', text.as_bytes()).is_some() {
        EMAIL.find_iter(text).collect()
    } else {
        Vec::new()
    };
    for m in emails {
        let inside_link = urls.iter().any(|u| u.span.start < m.end() && m.start() < u.span.end);
        if !inside_link && m.as_str().contains('@') {
            urls.push(Url {
                span: m.range(),
                kind: UrlKind::Email,
                host: m.start() + m.as_str().find('@').unwrap() + 1..m.end(),
                displaced_slash: None,
            });
        }
    }
    urls.sort_by_key(|u| u.span.start);
    urls
}

fn extend_link(text: &str, start: usize, scheme_end: usize) -> Url {
    let mut end = scheme_end;
    let mut host_end: Option<usize> = None;
    // A byte cursor, not a collected char list: a URL is short, the text
    // after it may be hundreds of megabytes.
    let mut at = scheme_end;
    while let Some(c) = text[at..].chars().next() {
        let next = text[at + c.len_utf8()..].chars().next();
        let prev = text[..at].chars().next_back();
        let mut arabic_run_bytes = 0;
        let accept = if is_url_ascii(c) || is_breakage(c) {
            true
        } else if is_inline_space(c) {
            // A space MT inserted next to a dot or slash, inside the URL.
            let around_separator =
                prev.is_some_and(|p| matches!(p, '.' | '/' | ':')) || next.is_some_and(|n| matches!(n, '.' | '/'));
            let continues = next.is_some_and(|n| is_url_ascii(n) && n != '(' && n != ')');
            // After «example.» a sentence may simply go on; only a domain
            // ending or more path makes the space part of the URL.
            let after_dot_ok = prev != Some('.') || continues_after_dot(&text[at + c.len_utf8()..]);
            around_separator && continues && after_dot_ok && !next.is_some_and(is_inline_space)
        } else if is_arabic_letter(c) && host_end.is_none() {
            // Arabic letters inside a Latin host (…aljazeera.كوم is not, but
            // aljazeeraنت.net is): only when the host goes on after them.
            let rest = &text[at..];
            let run_len: usize = rest
                .chars()
                .take_while(|&c| is_arabic_letter(c))
                .map(char::len_utf8)
                .sum();
            let after = rest[run_len..].chars().next();
            let before_latin = prev.is_some_and(|p| p.is_ascii_alphanumeric() || p == '.' || p == '-');
            arabic_run_bytes = run_len;
            before_latin && after.is_some_and(|a| a == '.' || a == '-' || a.is_ascii_alphanumeric())
        } else {
            false
        };
        if !accept {
            break;
        }
        if host_end.is_none() && matches!(c, '/' | '?' | '#' | '؟') {
            host_end = Some(at);
        }
        end = at + c.len_utf8().max(arabic_run_bytes);
        at = end;
    }
    // Sentence punctuation and stray breakage after a URL are not part of it.
    let mut span_end = end;
    let trimmed = text[scheme_end..span_end].trim_end_matches(|c: char| {
        matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '"' | ']' | '}') || is_breakage(c) || is_inline_space(c)
    });
    span_end = scheme_end + trimmed.len();
    let body = &text[start..span_end];
    if body.ends_with(')') && body.matches('(').count() < body.matches(')').count() {
        span_end -= 1;
    }
    let host_start = if text[start..scheme_end].contains('/') {
        scheme_end
    } else {
        start
    };
    let host_end = host_end.unwrap_or(span_end).clamp(host_start, span_end);
    Url {
        span: start..span_end,
        kind: UrlKind::Link,
        host: host_start..host_end,
        displaced_slash: None,
    }
}

/// The checks of the `url` family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlCheck {
    ArabicPunctuation,
    ArabicIndicDigits,
    InsertedSpace,
    InvisibleCharacter,
    ArabicInHost,
    DisplacedSlash,
}

impl CheckKind for UrlCheck {
    const FAMILY: RuleKind = RuleKind::Url;
    const NAMES: &'static [&'static str] = &[
        "arabic-punctuation",
        "arabic-indic-digits",
        "inserted-space",
        "invisible-character",
        "arabic-in-host",
        "displaced-slash",
    ];
    const FILLS: &'static [&'static str] = &["found", "url", "latin"];

    fn parse(name: &str, options: &toml::Table) -> Result<Self, String> {
        no_options(name, options)?;
        Ok(match name {
            "arabic-punctuation" => UrlCheck::ArabicPunctuation,
            "arabic-indic-digits" => UrlCheck::ArabicIndicDigits,
            "inserted-space" => UrlCheck::InsertedSpace,
            "invisible-character" => UrlCheck::InvisibleCharacter,
            "arabic-in-host" => UrlCheck::ArabicInHost,
            _ => UrlCheck::DisplacedSlash,
        })
    }

    fn fixable(&self) -> bool {
        true
    }
}

fn ascii_digit(c: char) -> char {
    let zero = if ('\u{06F0}'..='\u{06F9}').contains(&c) {
        0x06F0
    } else {
        0x0660
    };
    char::from(b'0' + (c as u32 - zero) as u8)
}

impl UrlCheck {
    fn run(&self, c: &Configured<UrlCheck>, text: &str, url: &Url, out: &mut Vec<Diagnostic>) {
        let meta = &c.meta;
        let written = &text[url.span.clone()];
        let chars = || {
            text[url.span.clone()]
                .char_indices()
                .map(|(i, ch)| (url.span.start + i, ch))
        };
        match self {
            UrlCheck::ArabicPunctuation => {
                // A URL has one query: a ؟ after a ? (or a second ؟) is
                // more likely a question mark glued to the link than its
                // query, so its fix needs a reader.
                let mut query_seen = false;
                for (at, ch) in chars() {
                    let latin = match ch {
                        '?' => {
                            query_seen = true;
                            continue;
                        }
                        '؟' => '?',
                        '،' => ',',
                        '؛' => ';',
                        _ => continue,
                    };
                    let second_query = latin == '?' && std::mem::replace(&mut query_seen, true);
                    let span = at..at + ch.len_utf8();
                    let d = meta.diagnostic(
                        span.clone(),
                        &[
                            ("found", &ch.to_string()),
                            ("url", written),
                            ("latin", &latin.to_string()),
                        ],
                    );
                    let mut fix = meta.fix(span, latin.to_string());
                    if second_query {
                        fix.applicability = crate::diagnostic::Applicability::Unsafe;
                    }
                    out.push(d.with_fix(Some(fix)).with_suggestions([latin.to_string()]));
                }
            }
            UrlCheck::ArabicIndicDigits => {
                let mut run: Option<Range<usize>> = None;
                let flush = |run: &mut Option<Range<usize>>, out: &mut Vec<Diagnostic>| {
                    if let Some(span) = run.take() {
                        let found = &text[span.clone()];
                        let ascii: String = found.chars().map(ascii_digit).collect();
                        let d = meta.diagnostic(span.clone(), &[("found", found), ("url", written)]);
                        out.push(
                            d.with_fix(Some(meta.fix(span, ascii.clone())))
                                .with_suggestions([ascii]),
                        );
                    }
                };
                for (at, ch) in chars() {
                    if is_arabic_indic_digit(ch) {
                        let end = at + ch.len_utf8();
                        run = Some(run.map_or(at..end, |r| r.start..end));
                    } else {
                        flush(&mut run, out);
                    }
                }
                flush(&mut run, out);
            }
            UrlCheck::InsertedSpace => {
                for (at, ch) in chars().filter(|&(_, ch)| is_inline_space(ch)) {
                    let span = at..at + ch.len_utf8();
                    let d = meta.diagnostic(span.clone(), &[("found", written), ("url", written)]);
                    out.push(d.with_fix(Some(meta.fix(span, ""))));
                }
            }
            UrlCheck::InvisibleCharacter => {
                // Bidi controls are reported wherever they are by the direction
                // family; marks and zero-width characters only break URLs.
                for (at, ch) in chars().filter(|&(_, ch)| is_bidi_mark(ch) || is_invisible(ch)) {
                    let span = at..at + ch.len_utf8();
                    let d = meta.diagnostic(span.clone(), &[("found", &code_point(ch)), ("url", written)]);
                    out.push(d.with_fix(Some(meta.fix(span, ""))));
                }
            }
            UrlCheck::DisplacedSlash => {
                let Some(slash) = &url.displaced_slash else { return };
                let span = slash.start..url.span.end;
                let moved = format!("{written}/");
                let d = meta.diagnostic(span.clone(), &[("found", &text[span.clone()]), ("url", &moved)]);
                out.push(
                    d.with_fix(Some(meta.fix(span, moved.clone())))
                        .with_suggestions([moved]),
                );
            }
            UrlCheck::ArabicInHost => {
                let host = &text[url.host.clone()];
                let latin = host.chars().any(|ch| ch.is_ascii_alphabetic());
                let arabic = host.chars().any(|ch| is_arabic_letter(ch) || ch == TATWEEL);
                if !(latin && arabic) {
                    return;
                }
                let d = meta.diagnostic(url.host.clone(), &[("found", host), ("url", written)]);
                let only_tatweel = !host.chars().any(is_arabic_letter);
                let fix = only_tatweel.then(|| meta.fix(url.host.clone(), host.replace(TATWEEL, "")));
                out.push(d.with_fix(fix));
            }
        }
    }
}

impl Rule for Family<UrlCheck> {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let text = cx.doc.text();
        for url in cx.urls() {
            for c in &self.checks {
                c.check.run(c, text, url, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        find_urls(text).into_iter().map(|u| &text[u.span]).collect()
    }

    #[test]
    fn finds_urls_through_mt_breakage() {
        assert_eq!(
            found("شاهد https://www.youtube.com/watch؟v=jZk58E9KU4Y الآن"),
            ["https://www.youtube.com/watch؟v=jZk58E9KU4Y"]
        );
        assert_eq!(
            found("الرابط: https:// www.example.com /news، ثم"),
            ["https:// www.example.com /news"]
        );
        assert_eq!(found("(انظر www.bbc.co.uk/arabic)."), ["www.bbc.co.uk/arabic"]);
        assert_eq!(found("موقع http://example.com/a_(b) هنا"), ["http://example.com/a_(b)"]);
        assert_eq!(found("http://example.com/page؟"), ["http://example.com/page"]);
        assert_eq!(found("see www.example.com. The end"), ["www.example.com"]);
        assert_eq!(found("www.example. com/news"), ["www.example. com/news"]);
        assert_eq!(found("راسلنا على info@example.org أو"), ["info@example.org"]);
        assert_eq!(found("راسلنا على press@example .org أو"), ["press@example .org"]);
        assert_eq!(found("الرابط (/http://www.nhc.gov.cn)"), ["http://www.nhc.gov.cn"]);
        assert_eq!(find_urls("(/http://www.nhc.gov.cn)")[0].displaced_slash, Some(1..2));
        assert!(found("xhttp://example.com").is_empty(), "glued to a word");
    }

    /// With a cap on the spaces bridged, fixing the first few made the URL
    /// reach the next ones, and `--fix` needed a pass per few spaces.
    #[test]
    fn bridges_every_inserted_space_at_once() {
        let text = "انظر https:// www. example. com / news / 2024 / 05 / story هنا";
        assert_eq!(found(text), ["https:// www. example. com / news / 2024 / 05 / story"]);
    }

    #[test]
    fn host_is_the_part_before_the_path() {
        let text = "https://www.youtube.com/watch?v=1";
        let url = &find_urls(text)[0];
        assert_eq!(&text[url.host.clone()], "www.youtube.com");
    }

    proptest::proptest! {
        #[test]
        fn link_starts_are_found_as_the_regex_alone_finds_them(pieces in proptest::collection::vec(0..17usize, 0..40)) {
            // Schemes and `www` in every case, with the spaces and
            // letters (ſ folds to s) that may or may not join them.
            let text: String = pieces
                .iter()
                .map(|&i| ["http", "HTTPS", "Ftp", "wWw", "s", "ſ", ":", "/", ".", " ", "\u{a0}", "ب", "h", "W", "x", "ftp", "WWW"][i])
                .collect();
            let alone = Regex::new(builtin_regexes::LINK_START.source).unwrap();
            let mut from = 0;
            while let Some(expected) = alone.find_at(&text, from) {
                let found = LINK_START.find(Input::new(&text).range(from..)).map(|m| m.range());
                proptest::prop_assert_eq!(found, Some(expected.range()));
                from = expected.end();
            }
            proptest::prop_assert!(LINK_START.find(Input::new(&text).range(from..)).is_none());
        }
    }
}
