//! `[[numbers]]`: numbers garbled by MT, and digit systems mixed in one
//! article.
//!
//! A number laid out right to left can come out with its thousand groups
//! reversed («000 330» for 330,000): no number starts with the group 000.

use super::check::{CheckKind, Configured, Family, no_options};
use super::{CheckContext, Rule, RuleKind};
use crate::arabic::script::is_arabic_indic_digit;
use crate::diagnostic::Diagnostic;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberCheck {
    ReversedGroups,
    SplitGroup,
    MixedDigits,
}

impl CheckKind for NumberCheck {
    const FAMILY: RuleKind = RuleKind::Numbers;
    const NAMES: &'static [&'static str] = &["reversed-groups", "split-group", "mixed-digits"];
    const FILLS: &'static [&'static str] = &["found", "suggestion", "minority", "majority"];

    fn parse(name: &str, table: &toml::Table) -> Result<Self, String> {
        no_options(name, table)?;
        Ok(match name {
            "reversed-groups" => NumberCheck::ReversedGroups,
            "split-group" => NumberCheck::SplitGroup,
            _ => NumberCheck::MixedDigits,
        })
    }

    fn fixable(&self) -> bool {
        matches!(self, NumberCheck::ReversedGroups)
    }
}

/// Groups of digits joined by thousands separators or single spaces.
static DIGIT_GROUPS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+(?:[ ,.٬٫\u{00A0}]\d+)*").unwrap());

/// Builds this module's regexes now (see [`crate::rules::WARM_UPS`]).
pub fn warm_up() {
    LazyLock::force(&DIGIT_GROUPS);
}

fn is_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit() || is_arabic_indic_digit(c))
}

impl NumberCheck {
    fn run(
        &self,
        c: &Configured<NumberCheck>,
        cx: &CheckContext,
        grouped: &std::cell::OnceCell<Vec<Range<usize>>>,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = cx.doc.text();
        let meta = &c.meta;
        match self {
            NumberCheck::ReversedGroups | NumberCheck::SplitGroup => {
                // Both checks read the same numbers: one search finds them,
                // keeping those of more than one group outside URLs.
                let grouped = grouped.get_or_init(|| {
                    DIGIT_GROUPS
                        .find_iter(text)
                        .filter(|m| m.as_str().contains(|c: char| !c.is_numeric()) && !cx.in_url(m.start()))
                        .map(|m| m.range())
                        .collect()
                });
                for range in grouped {
                    let found = &text[range.clone()];
                    let groups: Vec<&str> = found.split(|c: char| !c.is_numeric()).collect();
                    let seps: Vec<char> = found.chars().filter(|c| !c.is_numeric()).collect();
                    if groups.len() < 2 {
                        continue;
                    }
                    let zeros = |g: &str| g.chars().count() == 3 && g.chars().all(|c| c == '0' || c == '٠');
                    if *self == NumberCheck::ReversedGroups
                        && zeros(groups[0])
                        && groups.len() == 2
                        && groups[1].chars().count() <= 3
                    {
                        let fixed = format!("{},{}", groups[1], groups[0]);
                        let d = meta.diagnostic(range.clone(), &[("found", found), ("suggestion", &fixed)]);
                        out.push(
                            d.with_fix(Some(meta.fix(range.clone(), fixed.clone())))
                                .with_suggestions([fixed]),
                        );
                    }
                    // «12 5»: a space inside a number whose later group is not
                    // three digits long cannot be a thousands separator.
                    let spaced = seps.iter().all(|&s| s == ' ' || s == '\u{00A0}');
                    let bad_group = groups[1..].iter().any(|g| g.chars().count() != 3);
                    // «كوفيد-19 2%»: a number that ends a name, then another one.
                    let before = text[..range.start].chars().next_back();
                    let after = text[range.end..].chars().next();
                    let part_of_name = before.is_some_and(|c| c == '-' || c.is_alphabetic());
                    let unit_after = after.is_some_and(|c| matches!(c, '%' | '٪') || c.is_alphabetic());
                    if *self == NumberCheck::SplitGroup
                        && spaced
                        && bad_group
                        && groups.len() == 2
                        && groups[0].chars().count() <= 3
                        && !zeros(groups[0])
                        && !part_of_name
                        && !unit_after
                    {
                        out.push(meta.diagnostic(range.clone(), &[("found", found)]));
                    }
                }
            }
            NumberCheck::MixedDigits => {
                let mut first_western = None;
                let mut first_eastern = None;
                let (mut western, mut eastern) = (0usize, 0usize);
                let mut previous = None;
                for (i, ch) in text.char_indices() {
                    let starts_run = !is_digit(previous);
                    previous = Some(ch);
                    // The URL test (a search) only for the start of a
                    // number, not for every letter.
                    let digit = ch.is_ascii_digit() || is_arabic_indic_digit(ch);
                    if !starts_run || !digit || cx.in_url(i) {
                        continue;
                    }
                    if ch.is_ascii_digit() {
                        western += 1;
                        first_western.get_or_insert(i);
                    } else if is_arabic_indic_digit(ch) {
                        eastern += 1;
                        first_eastern.get_or_insert(i);
                    }
                }
                if western == 0 || eastern == 0 {
                    return;
                }
                let (at, minority, majority) = if eastern <= western {
                    (first_eastern.unwrap(), "Arabic-Indic (٠١٢)", "Western (012)")
                } else {
                    (first_western.unwrap(), "Western (012)", "Arabic-Indic (٠١٢)")
                };
                let end = at
                    + text[at..]
                        .chars()
                        .take_while(|&c| is_digit(Some(c)))
                        .map(char::len_utf8)
                        .sum::<usize>();
                let found = &text[at..end];
                let d = meta.diagnostic(
                    at..end,
                    &[("found", found), ("minority", minority), ("majority", majority)],
                );
                out.push(d.with_note(format!(
                    "{western} Western and {eastern} Arabic-Indic numbers in this article"
                )));
            }
        }
    }
}

impl Rule for Family<NumberCheck> {
    fn check(&self, cx: &CheckContext, out: &mut Vec<Diagnostic>) {
        let grouped = std::cell::OnceCell::new();
        for c in &self.checks {
            c.check.run(c, cx, &grouped, out);
        }
    }
}
