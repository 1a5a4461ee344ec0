//! `[[source]]`: checks of a translation against its English original.
//! They run only when the original is at hand (`--source`, a pairing
//! pattern, an XLIFF or TMX file) and read the aligned pairs; every finding
//! points into the translation and names the original's span in `related`.

use super::check::{CheckKind, Configured, no_options};
use super::pack_str::PackStr;
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::fold::fold_literal;
use crate::bilingual::Bilingual;
use crate::bilingual::align::{LOG_RATIO_MEAN, LOG_RATIO_SD, Pair};
use crate::bilingual::dates::{
    ENGLISH_WEEKDAYS, MONTH_NAMES, arabic_months, arabic_weekdays, english_months, english_weekdays,
};
use crate::bilingual::numbers::{Language, Number, numbers, numbers_digits_only};
use crate::diagnostic::{Diagnostic, Related};
use crate::document::SENTENCE_END;
use regex::Regex;
use std::ops::Range;
use std::sync::{Arc, LazyLock};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceCheck {
    Numbers,
    Dates,
    Weekdays,
    Urls,
    Names,
    NameSpellings,
    Omission,
    Untranslated,
}

impl CheckKind for SourceCheck {
    const FAMILY: RuleKind = RuleKind::Source;
    const NAMES: &'static [&'static str] = &[
        "numbers",
        "dates",
        "weekdays",
        "urls",
        "names",
        "name-spellings",
        "omission",
        "untranslated",
    ];
    const FILLS: &'static [&'static str] = &["found", "source", "expected"];

    fn parse(name: &str, table: &toml::Table) -> Result<Self, String> {
        no_options(name, table)?;
        Ok(match name {
            "numbers" => SourceCheck::Numbers,
            "dates" => SourceCheck::Dates,
            "weekdays" => SourceCheck::Weekdays,
            "urls" => SourceCheck::Urls,
            "names" => SourceCheck::Names,
            "name-spellings" => SourceCheck::NameSpellings,
            "omission" => SourceCheck::Omission,
            _ => SourceCheck::Untranslated,
        })
    }

    fn fixable(&self) -> bool {
        false
    }
}

/// A gazetteer person as the source-aware check needs them: how the
/// original writes the name, and the folded surnames of the Arabic
/// spellings that render it (right or listed wrong: a listed wrong one is
/// the name rule's to report). A translation may write the surname alone.
#[derive(Debug, Clone)]
pub struct SourceName {
    /// The name's English forms: borrowed from a bundled pack's static
    /// names, not copied.
    pub english: std::borrow::Cow<'static, [PackStr]>,
    pub canonical: PackStr,
    pub surnames: Vec<std::borrow::Cow<'static, str>>,
}

/// Every configured source check, with the gazetteer's names.
#[derive(Debug)]
pub struct SourceChecks {
    pub checks: Vec<Configured<SourceCheck>>,
    pub names: Arc<Vec<SourceName>>,
    /// Every English form of every name, in one automaton (built on first
    /// use): pattern → (name, form).
    pub english_forms: std::sync::OnceLock<(aho_corasick::AhoCorasick, Vec<(usize, usize)>)>,
}

/// Both sides of one aligned pair, as the checks read them.
struct Side<'t> {
    en: &'t str,
    en_span: Range<usize>,
    ar: &'t str,
    ar_span: Range<usize>,
}

impl Rule for SourceChecks {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let Some(bi) = cx.bilingual else { return };
        let text = cx.doc.text();
        for c in self.checks.iter().filter(|c| c.check == SourceCheck::NameSpellings) {
            super::name_spellings::check(c, cx.doc, bi, out);
        }
        for (k, pair) in bi.pairs.iter().enumerate() {
            for c in &self.checks {
                match (&pair.en, &pair.ar) {
                    (Some(en), Some(ar)) => {
                        let side = Side {
                            en: &bi.original_text()[en.clone()],
                            en_span: en.clone(),
                            ar: &text[ar.clone()],
                            ar_span: ar.clone(),
                        };
                        self.run(c, cx, bi, &side, out);
                    }
                    _ if c.check == SourceCheck::Omission => unpaired(c, bi, &bi.pairs, k, text, out),
                    _ => {}
                }
            }
        }
    }
}

/// A finding: the rule's message (its template filled in), then what this
/// pair shows in particular.
fn finding(c: &Configured<SourceCheck>, span: Range<usize>, vars: [(&str, &str); 3], detail: &str) -> Diagnostic {
    let mut d = c.meta.diagnostic(span, &vars);
    d.message = format!("{}: {detail}", d.message).into_boxed_str();
    d
}

/// Something of the original (at `en`, relative to its segment) that the
/// translation lacks: reported on the translation's segment.
fn missing_finding(
    c: &Configured<SourceCheck>,
    bi: &Bilingual,
    side: &Side,
    en: Range<usize>,
    detail: &str,
) -> Diagnostic {
    let expected = &side.en[en.clone()];
    let vars = [("found", ""), ("source", expected), ("expected", expected)];
    finding(c, side.ar_span.clone(), vars, detail).with_related(source_label(
        bi,
        side.en_span.start + en.start..side.en_span.start + en.end,
        &format!("«{expected}» in the original"),
    ))
}

/// A related location in the original.
fn source_label(bi: &Bilingual, span: Range<usize>, message: &str) -> Related {
    Related::new(bi.original, span, message)
}

/// A quotable, one-line excerpt of a text.
fn excerpt(text: &str) -> String {
    const MAX: usize = 60;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        return one_line;
    }
    let head: String = one_line.chars().take(MAX).collect();
    format!("{head}…")
}

/// A paragraph with no partner: dropped from the translation, or added.
fn unpaired(
    c: &Configured<SourceCheck>,
    bi: &Bilingual,
    pairs: &[Pair],
    k: usize,
    text: &str,
    out: &mut Vec<Diagnostic>,
) {
    let pair = &pairs[k];
    match (&pair.en, &pair.ar) {
        (Some(en), None) => {
            // Point at where the translation should have it: the end of
            // the paragraph before, or the start of the one after.
            let before = pairs[..k].iter().rev().find_map(|p| p.ar.clone());
            let after = pairs[k + 1..].iter().find_map(|p| p.ar.clone());
            let at = before.map(|r| r.end).or(after.map(|r| r.start)).unwrap_or(text.len());
            let found = excerpt(&bi.original_text()[en.clone()]);
            let d = finding(
                c,
                at..at,
                [("found", ""), ("source", &found), ("expected", "")],
                &format!("a paragraph of the original has no translation here: «{found}»"),
            );
            out.push(d.with_related(source_label(bi, en.clone(), "the untranslated paragraph")));
        }
        (None, Some(ar)) => {
            let found = excerpt(&text[ar.clone()]);
            out.push(finding(
                c,
                ar.clone(),
                [("found", &found), ("source", ""), ("expected", "")],
                &format!(
                    "«{found}» has no counterpart in the original (added, or the original's paragraph is missing)"
                ),
            ));
        }
        _ => {}
    }
}

static EN_LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:https?://|www\.)[^\s<>()\[\]{}«»]+|\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b|(?:^|[^\w@])[@#][A-Za-z_][A-Za-z0-9_]{1,}")
        .expect("link pattern")
});
static AR_HANDLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[^\w@])([@#][A-Za-z_][A-Za-z0-9_]{1,})").expect("handle pattern"));

/// Whether a text may hold a link (the link pattern is costly to run on
/// every segment).
fn may_link(text: &str) -> bool {
    text.contains("://") || text.contains("www.") || text.contains(['@', '#'])
}

fn without_links(text: &str) -> std::borrow::Cow<'_, str> {
    if may_link(text) {
        EN_LINK.replace_all(text, " ")
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// URLs, e-mail addresses, @handles and #hashtags of an English text.
fn english_links(text: &str) -> Vec<(Range<usize>, String)> {
    if !may_link(text) {
        return Vec::new();
    }
    EN_LINK
        .find_iter(text)
        .map(|m| {
            let raw = m.as_str();
            // The handle pattern takes the character before the @ or #.
            let lead = raw
                .find(['@', '#'])
                .filter(|&i| i <= 1 && !raw.contains("://"))
                .unwrap_or(0);
            let lead = if raw[lead..].starts_with(['@', '#']) { lead } else { 0 };
            let trimmed = raw[lead..].trim_end_matches(['.', ',', ';', ':', '!', '?', '"', '\'', '”']);
            let start = m.start() + lead;
            (start..start + trimmed.len(), normalize_link(trimmed))
        })
        .collect()
}

/// URLs (with what MT breaks in them) and handles of the translation.
fn arabic_links(cx: &CheckContext, span: &Range<usize>) -> Vec<(Range<usize>, String)> {
    let text = cx.doc.text();
    let mut out: Vec<(Range<usize>, String)> = cx
        .urls()
        .iter()
        .filter(|u| u.span.start >= span.start && u.span.end <= span.end)
        .map(|u| (u.span.clone(), normalize_link(&text[u.span.clone()])))
        .collect();
    let segment = &text[span.clone()];
    let handles = if segment.contains(['@', '#']) {
        AR_HANDLE.captures_iter(segment).collect()
    } else {
        Vec::new()
    };
    for caps in handles {
        let m = caps.get(1).expect("group");
        let range = span.start + m.start()..span.start + m.end();
        if !out.iter().any(|(r, _)| r.start <= range.start && range.end <= r.end) {
            out.push((range, normalize_link(m.as_str())));
        }
    }
    out
}

/// A link as compared: what a browser would make of it (percent-decoding,
/// scheme, `www.`, case of the host, a final slash) and what the URL rules
/// repair (Arabic punctuation and digits, spaces, invisible characters), so
/// that only a link that really differs is reported here.
fn normalize_link(link: &str) -> String {
    let repaired: String = link
        .chars()
        .filter_map(|c| match c {
            '؟' => Some('?'),
            '،' => Some(','),
            '؛' => Some(';'),
            '٠'..='٩' => char::from_u32('0' as u32 + (c as u32 - '٠' as u32)),
            c if c.is_whitespace()
                || crate::arabic::script::is_invisible(c)
                || crate::arabic::script::is_bidi_mark(c)
                || c == '\u{0640}' =>
            {
                None
            }
            c => Some(c),
        })
        .collect();
    let decoded = percent_encoding::percent_decode_str(&repaired)
        .decode_utf8_lossy()
        .into_owned();
    let lower = decoded.to_lowercase();
    let rest = lower
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .trim_start_matches("www.");
    rest.trim_end_matches(['/', '.', ',', ')']).to_string()
}

impl SourceChecks {
    fn run(
        &self,
        c: &Configured<SourceCheck>,
        cx: &CheckContext,
        bi: &Bilingual,
        side: &Side,
        out: &mut Vec<Diagnostic>,
    ) {
        match c.check {
            SourceCheck::Numbers => numbers_check(c, cx, bi, side, out),
            SourceCheck::Dates => {
                let en = english_months(side.en).into_iter().map(|m| (m.month, m.span));
                let ar = arabic_months(side.ar).into_iter().map(|m| (m.month, m.span));
                named_dates_check(c, bi, side, en.collect(), ar.collect(), &MONTH_NAMES, "month", out);
            }
            SourceCheck::Weekdays => weekdays_check(c, bi, side, out),
            SourceCheck::Urls => urls_check(c, cx, bi, side, out),
            SourceCheck::Names => self.names_check(c, bi, side, out),
            // Read across the whole document, once (see `check`).
            SourceCheck::NameSpellings => {}
            SourceCheck::Omission => omission_check(c, bi, side, out),
            SourceCheck::Untranslated => untranslated_check(c, bi, side, out),
        }
    }

    fn names_check(&self, c: &Configured<SourceCheck>, bi: &Bilingual, side: &Side, out: &mut Vec<Diagnostic>) {
        let (finder, owners) = self.english_forms.get_or_init(|| {
            let mut patterns = Vec::new();
            let mut owners = Vec::new();
            for (n, name) in self.names.iter().enumerate() {
                for (f, form) in name.english.iter().enumerate() {
                    patterns.push(form.as_str());
                    owners.push((n, f));
                }
            }
            (
                aho_corasick::AhoCorasick::new(&patterns).expect("name forms compile"),
                owners,
            )
        });
        // The first whole-word form of each name the segment says, in the
        // order of the gazetteer (as the forms would be tried one by one).
        let mut said: Vec<(usize, usize, usize)> = Vec::new();
        for m in finder.find_overlapping_iter(side.en) {
            let (n, f) = owners[m.pattern().as_usize()];
            if !crate::bilingual::is_whole_word(side.en, m.range()) {
                continue;
            }
            match said.iter_mut().find(|(sn, _, _)| *sn == n) {
                Some(entry) if (f, m.start()) < (entry.1, entry.2) => *entry = (n, f, m.start()),
                Some(_) => {}
                None => said.push((n, f, m.start())),
            }
        }
        said.sort_unstable();
        if said.is_empty() {
            return;
        }
        let folded_ar = fold_literal(side.ar);
        for (n, f, at) in said {
            let name = &self.names[n];
            let english = &name.english[f];
            // Any rendering, right or listed wrong (the name rule reports a
            // wrong one), or the name kept in Latin letters.
            let latin_surname = english.rsplit(' ').next().unwrap_or(english);
            if name.surnames.iter().any(|a| folded_ar.contains(a.as_ref())) || side.ar.contains(latin_surname) {
                continue;
            }
            let span = side.en_span.start + at..side.en_span.start + at + english.len();
            let d = finding(
                c,
                side.ar_span.clone(),
                [("found", english), ("source", english), ("expected", &name.canonical)],
                &format!(
                    "«{english}» of the original is not in the translation in any known spelling (such as «{}»)",
                    name.canonical
                ),
            );
            out.push(
                d.with_suggestions([name.canonical.as_str().to_string()])
                    .with_related(source_label(bi, span, &format!("«{english}» in the original"))),
            );
        }
    }
}

fn url_spans(links: &[(Range<usize>, String)]) -> Vec<Range<usize>> {
    links.iter().map(|(r, _)| r.clone()).collect()
}

/// Whether a text has a word that may scale the digits before it (so the
/// digits alone do not settle a pair).
fn may_scale(text: &str) -> bool {
    static SCALES: LazyLock<aho_corasick::AhoCorasick> = LazyLock::new(|| {
        aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build([
                "illion",
                "thousand",
                "hundred",
                "مليون",
                "ملايين",
                "مليار",
                "بليون",
                "ترليون",
                "تريليون",
                "ألف",
                "الف",
                "آلاف",
                "الاف",
                "مئة",
                "مائة",
            ])
            .expect("scale words compile")
    });
    // `5m`, `2bn`, `10k`.
    let suffixed = text
        .as_bytes()
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && matches!(w[1], b'm' | b'b' | b'k'));
    suffixed || SCALES.is_match(text)
}

/// `1990s` is a decade, written «التسعينيات».
fn is_decade(text: &str, n: &Number) -> bool {
    text[n.span.end..].starts_with(['s', '\''])
}

fn numbers_check(
    c: &Configured<SourceCheck>,
    cx: &CheckContext,
    bi: &Bilingual,
    side: &Side,
    out: &mut Vec<Diagnostic>,
) {
    let en_links = english_links(side.en);
    let ar_links: Vec<(Range<usize>, String)> = arabic_links(cx, &side.ar_span)
        .into_iter()
        .map(|(r, s)| (r.start - side.ar_span.start..r.end - side.ar_span.start, s))
        .collect();
    let (en_skip, ar_skip) = (url_spans(&en_links), url_spans(&ar_links));
    // Digits alone settle most pairs; number words (and the magnitudes that
    // scale digits) are read only when the digits leave something over.
    let en = numbers_digits_only(side.en, &en_skip);
    let ar = numbers_digits_only(side.ar, &ar_skip);
    let settled =
        en.iter().all(|n| ar.iter().any(|a| a.matches(n))) && ar.iter().all(|a| en.iter().any(|n| n.matches(a)));
    if settled && !may_scale(side.en) && !may_scale(side.ar) {
        return;
    }
    let en = numbers(side.en, Language::English, &en_skip);
    let ar = numbers(side.ar, Language::Arabic, &ar_skip);
    let mut missing: Vec<&Number> = en
        .iter()
        .filter(|n| n.digits && !n.identifier && !is_decade(side.en, n) && !ar.iter().any(|a| a.matches(n)))
        .collect();
    // A number in words is reported only for a magnitude slip («مليارَي»
    // for two million).
    let slipped_word = |a: &Number| !a.digits && en.iter().any(|n| a.magnitude_slip(n));
    let extra: Vec<&Number> = ar
        .iter()
        .filter(|a| (a.digits || slipped_word(a)) && !en.iter().any(|n| n.matches(a)))
        .collect();
    // … the number in words it slipped from is then missing too.
    for a in &extra {
        if !a.digits
            && !missing.iter().any(|s| a.magnitude_slip(s))
            && let Some(s) = en.iter().find(|n| a.magnitude_slip(n))
        {
            missing.push(s);
        }
    }
    for t in extra {
        let found = &side.ar[t.span.clone()];
        let ar_span = side.ar_span.start + t.span.start..side.ar_span.start + t.span.end;
        let partner = missing
            .iter()
            .position(|s| t.magnitude_slip(s))
            .or_else(|| (!missing.is_empty()).then_some(0));
        let d = match partner {
            Some(i) => {
                let s = missing.remove(i);
                let expected = &side.en[s.span.clone()];
                let slip = t.magnitude_slip(s);
                let detail = if slip {
                    format!("«{found}» where the original has «{expected}»: million and billion (or thousand) confused")
                } else {
                    format!("«{found}» where the original has «{expected}»")
                };
                let vars = [("found", found), ("source", expected), ("expected", expected)];
                let mut d = finding(c, ar_span, vars, &detail);
                if slip {
                    d.severity = crate::diagnostic::Severity::Error;
                }
                d.with_related(source_label(
                    bi,
                    side.en_span.start + s.span.start..side.en_span.start + s.span.end,
                    &format!("«{expected}» in the original"),
                ))
            }
            None => {
                let vars = [("found", found), ("source", ""), ("expected", "")];
                finding(c, ar_span, vars, &format!("«{found}» is not in the original")).with_related(source_label(
                    bi,
                    side.en_span.clone(),
                    "the original paragraph",
                ))
            }
        };
        out.push(d);
    }
    for s in missing {
        let detail = format!(
            "the original's «{}» is missing from the translation",
            &side.en[s.span.clone()]
        );
        out.push(missing_finding(c, bi, side, s.span.clone(), &detail));
    }
}

/// Months or weekdays: each the original names must be in the
/// translation (as multisets: «July 6 … July 9» needs two Julys); `names`
/// are the English names of the values 1, 2, …
#[allow(clippy::too_many_arguments)]
fn named_dates_check(
    c: &Configured<SourceCheck>,
    bi: &Bilingual,
    side: &Side,
    en: Vec<(u8, Range<usize>)>,
    ar: Vec<(u8, Range<usize>)>,
    names: &[&str],
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let mut pool: Vec<Option<&(u8, Range<usize>)>> = ar.iter().map(Some).collect();
    let mut missing = Vec::new();
    for m in &en {
        match pool.iter_mut().find(|a| a.is_some_and(|a| a.0 == m.0)) {
            Some(slot) => *slot = None,
            None => missing.push(m),
        }
    }
    for a in pool.into_iter().flatten() {
        // One the original does not name is only a finding when the
        // original names another one (dates added by the translator are
        // rare; a different one is an error).
        let Some(s) = (!missing.is_empty()).then(|| missing.remove(0)) else {
            continue;
        };
        let found = &side.ar[a.1.clone()];
        let expected = names[s.0 as usize - 1];
        let span = side.ar_span.start + a.1.start..side.ar_span.start + a.1.end;
        let vars = [("found", found), ("source", expected), ("expected", expected)];
        let detail = format!("«{found}» where the original has {expected}");
        out.push(finding(c, span, vars, &detail).with_related(source_label(
            bi,
            side.en_span.start + s.1.start..side.en_span.start + s.1.end,
            &format!("{expected} in the original"),
        )));
    }
    for s in missing {
        let detail = format!(
            "the original's {what} {} is missing from the translation",
            names[s.0 as usize - 1]
        );
        out.push(missing_finding(c, bi, side, s.1.clone(), &detail));
    }
}

/// Days of the week, compared as sets: «late Monday and early Monday»
/// may well be one «الاثنين».
fn weekdays_check(c: &Configured<SourceCheck>, bi: &Bilingual, side: &Side, out: &mut Vec<Diagnostic>) {
    let mut en = english_weekdays(side.en);
    let ar = arabic_weekdays(side.ar);
    let mut seen = [false; 8];
    en.retain(|d| !std::mem::replace(&mut seen[d.day as usize], true));
    let missing: Vec<_> = en.iter().filter(|d| !ar.iter().any(|a| a.day == d.day)).collect();
    let extra: Vec<_> = ar
        .iter()
        .filter(|a| a.certain && !en.iter().any(|d| d.day == a.day))
        .collect();
    let names = &ENGLISH_WEEKDAYS;
    for (k, s) in missing.iter().enumerate() {
        let expected = names[s.day as usize - 1];
        match extra.get(k) {
            Some(a) => {
                let found = &side.ar[a.span.clone()];
                let span = side.ar_span.start + a.span.start..side.ar_span.start + a.span.end;
                let vars = [("found", found), ("source", expected), ("expected", expected)];
                let detail = format!("«{found}» where the original has {expected}");
                out.push(finding(c, span, vars, &detail).with_related(source_label(
                    bi,
                    side.en_span.start + s.span.start..side.en_span.start + s.span.end,
                    &format!("{expected} in the original"),
                )));
            }
            None => {
                let detail = format!("the original's {expected} is missing from the translation");
                out.push(missing_finding(c, bi, side, s.span.clone(), &detail));
            }
        }
    }
}

fn urls_check(c: &Configured<SourceCheck>, cx: &CheckContext, bi: &Bilingual, side: &Side, out: &mut Vec<Diagnostic>) {
    let en = english_links(side.en);
    let ar = arabic_links(cx, &side.ar_span);
    let mut missing: Vec<&(Range<usize>, String)> =
        en.iter().filter(|(_, e)| !ar.iter().any(|(_, a)| a == e)).collect();
    for (span, _) in ar.iter().filter(|(_, a)| !en.iter().any(|(_, e)| e == a)) {
        let found = &cx.doc.text()[span.clone()];
        let Some(s) = (!missing.is_empty()).then(|| missing.remove(0)) else {
            if en.is_empty() {
                continue;
            }
            let vars = [("found", found), ("source", ""), ("expected", "")];
            out.push(finding(
                c,
                span.clone(),
                vars,
                &format!("«{found}» is not in the original"),
            ));
            continue;
        };
        let expected = &side.en[s.0.clone()];
        let vars = [("found", found), ("source", expected), ("expected", expected)];
        out.push(
            finding(
                c,
                span.clone(),
                vars,
                &format!("«{found}» differs from the original's «{expected}»"),
            )
            .with_suggestions([expected.to_string()])
            .with_related(source_label(
                bi,
                side.en_span.start + s.0.start..side.en_span.start + s.0.end,
                "in the original",
            )),
        );
    }
    for (span, _) in missing {
        let detail = format!(
            "the original's «{}» is missing from the translation",
            &side.en[span.clone()]
        );
        out.push(missing_finding(c, bi, side, span.clone(), &detail));
    }
}

fn letters(text: &str) -> usize {
    text.chars().filter(|&c| crate::arabic::script::is_word_char(c)).count()
}

/// Sentences of a text: final punctuation followed by a space or the end.
fn sentence_count(text: &str) -> usize {
    let chars: Vec<char> = text.trim_end().chars().collect();
    (0..chars.len())
        .filter(|&i| {
            SENTENCE_END.contains(&chars[i])
                && chars
                    .get(i + 1)
                    .is_none_or(|c| c.is_whitespace() || matches!(c, '"' | '”' | '»' | '\'' | ')'))
        })
        .count()
}

/// Thresholds on ln(Arabic letters / English letters), in standard
/// deviations from the mean measured on professional translations (see
/// `align`); no line of NTREX-128, FLORES-200 or TICO-19 passes them.
const TOO_SHORT: f64 = LOG_RATIO_MEAN - 5.0 * LOG_RATIO_SD;
const TOO_LONG: f64 = LOG_RATIO_MEAN + 5.8 * LOG_RATIO_SD;
/// Short enough to point at a cut or a dropped sentence when the text also
/// says so (no final punctuation; fewer sentences).
const SHORT: f64 = LOG_RATIO_MEAN - 2.5 * LOG_RATIO_SD;

fn omission_check(c: &Configured<SourceCheck>, bi: &Bilingual, side: &Side, out: &mut Vec<Diagnostic>) {
    let (le, la) = (letters(side.en), letters(side.ar));
    if la == 0 && le > 0 {
        let at = side.ar_span.start;
        let d = finding(
            c,
            at..at,
            [("found", ""), ("source", &excerpt(side.en)), ("expected", "")],
            &format!("this line of the original has no translation: «{}»", excerpt(side.en)),
        );
        out.push(d.with_related(source_label(bi, side.en_span.clone(), "the untranslated line")));
        return;
    }
    if le < 40 {
        return;
    }
    let ratio = libm::log(la as f64 / le as f64);
    let related = || source_label(bi, side.en_span.clone(), "the original paragraph");
    let push = |out: &mut Vec<Diagnostic>, span: Range<usize>, message: String| {
        let found = excerpt(&side.ar[span.start - side.ar_span.start..span.end - side.ar_span.start]);
        let d = finding(
            c,
            span,
            [("found", &found), ("source", &excerpt(side.en)), ("expected", "")],
            &message,
        );
        out.push(d.with_related(related()));
    };
    let en_ends = side
        .en
        .trim_end()
        .ends_with(|ch: char| SENTENCE_END.contains(&ch) || matches!(ch, '"' | '”'));
    let ar_last = side.ar.trim_end().chars().next_back();
    let cut = en_ends && ar_last.is_some_and(crate::arabic::script::is_arabic_letter);
    if ratio < TOO_SHORT {
        push(
            out,
            side.ar_span.clone(),
            format!("the translation is far shorter than the original ({la} letters for {le}): part of it is missing"),
        );
    } else if ratio < SHORT && cut {
        let end = side.ar_span.end;
        let last_word = side.ar.trim_end().rfind(char::is_whitespace).map_or(0, |i| i + 1);
        push(
            out,
            side.ar_span.start + last_word..end,
            "the translation stops mid-sentence and is shorter than the original: it was cut off".to_string(),
        );
    } else if ratio < SHORT && sentence_count(side.en) >= 2 && sentence_count(side.ar) < sentence_count(side.en) {
        push(
            out,
            side.ar_span.clone(),
            format!(
                "the original has {} sentences, the translation {} and is shorter: a sentence is missing",
                sentence_count(side.en),
                sentence_count(side.ar)
            ),
        );
    } else if ratio > TOO_LONG && la >= 40 {
        push(
            out,
            side.ar_span.clone(),
            format!("the translation is far longer than the original ({la} letters for {le}): something was added"),
        );
    }
}

fn untranslated_check(c: &Configured<SourceCheck>, bi: &Bilingual, side: &Side, out: &mut Vec<Diagnostic>) {
    // Links are kept in Latin letters by design.
    let ar = without_links(side.ar);
    let en = without_links(side.en);
    let latin = ar.chars().filter(|c| c.is_ascii_alphabetic()).count();
    let all = letters(&ar);
    if all == 0 || latin * 2 < all {
        return;
    }
    let words = |t: &str| -> Vec<String> {
        t.split(|ch: char| !crate::arabic::script::is_word_char(ch))
            .filter(|w| w.len() >= 3)
            .map(str::to_lowercase)
            .collect()
    };
    let source_words = words(&en);
    let target_words = words(&ar);
    // A name or a title ("BBC News") is kept in Latin on purpose.
    if source_words.len() < 4 {
        return;
    }
    let shared = source_words.iter().filter(|w| target_words.contains(w)).count();
    if shared * 10 < source_words.len() * 6 {
        return;
    }
    let found = excerpt(side.ar);
    let vars = [
        ("found", found.as_str()),
        ("source", &excerpt(side.en)),
        ("expected", ""),
    ];
    out.push(
        finding(
            c,
            side.ar_span.clone(),
            vars,
            &format!("«{found}» is the original, left untranslated"),
        )
        .with_related(source_label(bi, side.en_span.clone(), "the original")),
    );
}
