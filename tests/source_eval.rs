//! The source-aware checks on real professional translations with their
//! English originals (NTREX-128, FLORES-200, TICO-19 in ../shared/corpora):
//!
//! - unchanged, every finding must be in tests/corpus/reviewed-source-findings.tsv
//!   (read by a person: a real defect of the reference, or a false alarm),
//!   and false alarms stay under 3 per 1,000 lines;
//! - with defects injected into the Arabic side the way MT makes them, at
//!   least 90 % are found; with harmless rewrites (Arabic-Indic digits), no
//!   new finding appears.
//!
//! Skips with a message when the corpora are absent.

mod common;

use mtlint::diagnostic::Diagnostic;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::source::SourceFile;
use std::collections::{BTreeMap, HashMap, HashSet};

struct Corpus {
    name: &'static str,
    english: &'static str,
    arabic: &'static str,
    /// One line per segment naming its document (NTREX's ids, FLORES's
    /// URLs after a header line): each document is linted as the article
    /// it is, so that a name spelt one way in one article and another way
    /// in the next is not taken for an inconsistency.
    documents: Option<(&'static str, usize)>,
}

const CORPORA: [Corpus; 3] = [
    Corpus {
        name: "ntrex",
        english: "corpora/ntrex128-eng-arb/newstest2019-src.eng.txt",
        arabic: "corpora/ntrex128-eng-arb/newstest2019-ref.arb.txt",
        documents: Some(("corpora/ntrex128-eng-arb/DOCUMENT_IDS.tsv", 0)),
    },
    Corpus {
        name: "flores",
        english: "corpora/flores200-devtest-eng-arb/eng_Latn.devtest",
        arabic: "corpora/flores200-devtest-eng-arb/arb_Arab.devtest",
        documents: Some(("corpora/flores200-devtest-eng-arb/metadata_devtest.tsv", 1)),
    },
    Corpus {
        name: "tico",
        english: "corpora/tico19-test-eng-ara/tico19-test.eng",
        arabic: "corpora/tico19-test-eng-ara/tico19-test.ara",
        // No document ids: the whole set is read as one text.
        documents: None,
    },
];

/// Source-aware findings (the source checks and the glossaries), as
/// (1-based line, rule), each document linted on its own.
fn findings(corpus: &Corpus, english: &str, arabic: &str) -> Vec<(usize, String, Diagnostic)> {
    let en: Vec<&str> = english.lines().collect();
    let ar: Vec<&str> = arabic.lines().collect();
    let ids: Vec<String> = match corpus.documents {
        Some((path, header)) => std::fs::read_to_string(common::shared(path).unwrap())
            .unwrap()
            .lines()
            .skip(header)
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect(),
        None => vec![String::new(); ar.len()],
    };
    assert_eq!(ids.len(), ar.len(), "{}: one document id per line", corpus.name);
    let mut out = Vec::new();
    let mut start = 0;
    while start < ar.len() {
        let end = start + ids[start..].iter().take_while(|id| **id == ids[start]).count();
        let chunk = |lines: &[&str]| lines.join("\n") + "\n";
        let original = SourceFile::new("en", chunk(&en[start..end.min(en.len())]));
        let translation = SourceFile::new("ar", chunk(&ar[start..end]));
        for d in Linter::bundled().lint_with(&translation, Markup::Plain, None, Some(&original)) {
            if d.rule.starts_with("source-") || d.rule.starts_with("glossary-") {
                out.push((start + translation.line_col(d.span.start).line, d.rule.to_string(), d));
            }
        }
        start = end;
    }
    out
}

/// corpus → (line, rule) → verdict.
fn reviewed() -> HashMap<String, BTreeMap<(usize, String), String>> {
    let text = include_str!("corpus/reviewed-source-findings.tsv");
    let mut out: HashMap<String, BTreeMap<(usize, String), String>> = HashMap::new();
    for line in text.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 4, "malformed reviewed line: {line}");
        out.entry(cols[0].to_string()).or_default().insert(
            (cols[1].parse().expect("line number"), cols[2].to_string()),
            cols[3].to_string(),
        );
    }
    out
}

#[test]
fn unchanged_references_raise_few_false_alarms_and_every_finding_is_reviewed() {
    let Some(_) = common::shared("corpora") else { return };
    let reviewed = reviewed();
    let mut unreviewed = Vec::new();
    for corpus in &CORPORA {
        let english = std::fs::read_to_string(common::shared(corpus.english).unwrap()).unwrap();
        let arabic = std::fs::read_to_string(common::shared(corpus.arabic).unwrap()).unwrap();
        let lines = arabic.lines().count();
        let verdicts = reviewed.get(corpus.name).cloned().unwrap_or_default();
        let mut false_alarms = 0;
        let mut defects = 0;
        for (line, rule, d) in findings(corpus, &english, &arabic) {
            match verdicts.get(&(line, rule.clone())).map(String::as_str) {
                Some("defect") => defects += 1,
                Some("false-alarm") => false_alarms += 1,
                _ => unreviewed.push(format!("{}\t{line}\t{rule}\t?\t{}", corpus.name, d.message)),
            }
        }
        let rate = false_alarms as f64 * 1000.0 / lines as f64;
        eprintln!(
            "{}: {lines} lines, {defects} real defects found, {false_alarms} false alarms ({rate:.2} per 1,000 lines)",
            corpus.name
        );
        assert!(rate < 3.0, "{}: {rate:.2} false alarms per 1,000 lines", corpus.name);
    }
    assert!(
        unreviewed.is_empty(),
        "findings nobody has read (add them to tests/corpus/reviewed-source-findings.tsv after reading them):\n{}",
        unreviewed.join("\n")
    );
}

const MONTHS: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];

/// One kind of defect MT makes, applied to an Arabic line (with its English
/// original) when the line offers the chance.
struct Injector {
    name: &'static str,
    rule: &'static str,
    apply: fn(&str, &str) -> Option<String>,
}

/// The first number standing on its own (not part of a name such as
/// HKU25 or COVID-19, which MT copies rather than translates).
fn first_digits(s: &str) -> Option<std::ops::Range<usize>> {
    let mut from = 0;
    while let Some(i) = s[from..].find(|c: char| c.is_ascii_digit()) {
        let start = from + i;
        let len = s[start..]
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(s.len() - start);
        let before = s[..start].chars().next_back();
        if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Some(start..start + len);
        }
        from = start + len;
    }
    None
}

/// A month name written as a word of its own (not «مارس» inside
/// «الممارسة»): its byte offset and index.
fn month_word(ar: &str) -> Option<(usize, usize)> {
    let edge = |c: Option<char>| c.is_none_or(|c| !c.is_alphabetic());
    MONTHS.iter().enumerate().find_map(|(i, m)| {
        ar.match_indices(m)
            .find(|&(at, _)| edge(ar[..at].chars().next_back()) && edge(ar[at + m.len()..].chars().next()))
            .map(|(at, _)| (at, i))
    })
}

/// Arabic days of the week as written, Monday first.
const WEEKDAYS: [&str; 7] = ["الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"];

/// «يوم» + a day of the week: the byte offset of the day and its index.
fn weekday_word(ar: &str) -> Option<(usize, usize)> {
    WEEKDAYS
        .iter()
        .enumerate()
        .find_map(|(i, d)| ar.find(&format!("يوم {d}")).map(|at| (at + "يوم ".len(), i)))
}

const INJECTORS: [Injector; 8] = [
    Injector {
        name: "digit altered",
        rule: "source-number-mismatch",
        apply: |ar, en| {
            let r = first_digits(ar)?;
            en.contains(&ar[r.clone()]).then_some(())?;
            let last = ar[r.clone()].chars().last()?.to_digit(10)?;
            let changed = format!("{}{}", &ar[r.start..r.end - 1], (last + 3) % 10);
            Some(format!("{}{}{}", &ar[..r.start], changed, &ar[r.end..]))
        },
    },
    Injector {
        name: "million for billion",
        rule: "source-number-mismatch",
        apply: |ar, _| {
            if ar.contains("مليار") {
                Some(ar.replacen("مليار", "مليون", 1))
            } else if ar.contains("مليون") {
                Some(ar.replacen("مليون", "مليار", 1))
            } else {
                None
            }
        },
    },
    Injector {
        name: "number dropped",
        rule: "source-number-mismatch",
        apply: |ar, en| {
            let r = first_digits(ar)?;
            (r.len() >= 2 && en.contains(&ar[r.clone()])).then_some(())?;
            Some(format!("{}{}", &ar[..r.start], ar[r.end..].trim_start()))
        },
    },
    Injector {
        name: "month changed",
        rule: "source-month-mismatch",
        apply: |ar, _| {
            let (at, i) = month_word(ar)?;
            Some(format!(
                "{}{}{}",
                &ar[..at],
                MONTHS[(i + 5) % 12],
                &ar[at + MONTHS[i].len()..]
            ))
        },
    },
    Injector {
        name: "weekday changed",
        rule: "source-weekday-mismatch",
        apply: |ar, _| {
            let (at, i) = weekday_word(ar)?;
            Some(format!(
                "{}{}{}",
                &ar[..at],
                WEEKDAYS[(i + 3) % 7],
                &ar[at + WEEKDAYS[i].len()..]
            ))
        },
    },
    Injector {
        name: "cut off mid-sentence",
        rule: "source-omission",
        apply: |ar, en| {
            (en.chars().filter(|c| c.is_alphanumeric()).count() >= 60).then_some(())?;
            let words: Vec<&str> = ar.split(' ').collect();
            (words.len() >= 8).then_some(())?;
            Some(words[..words.len() * 3 / 10].join(" "))
        },
    },
    Injector {
        name: "left in English",
        rule: "source-untranslated",
        apply: |_, en| (en.split(' ').filter(|w| w.len() >= 3).count() >= 5).then(|| en.to_string()),
    },
    Injector {
        name: "line dropped",
        rule: "source-omission",
        apply: |_, en| (!en.trim().is_empty()).then(String::new),
    },
];

#[test]
fn injected_defects_are_found_and_harmless_rewrites_stay_quiet() {
    let Some(_) = common::shared("corpora") else { return };
    let mut tried: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut quiet_lines = 0;
    for corpus in &CORPORA {
        let english = std::fs::read_to_string(common::shared(corpus.english).unwrap()).unwrap();
        let arabic = std::fs::read_to_string(common::shared(corpus.arabic).unwrap()).unwrap();
        let en_lines: Vec<&str> = english.lines().collect();
        let clean: HashSet<usize> = findings(corpus, &english, &arabic)
            .into_iter()
            .map(|(line, _, _)| line)
            .collect();
        let mut lines: Vec<String> = arabic.lines().map(str::to_string).collect();
        let mut injected: Vec<(usize, &Injector)> = Vec::new();
        let mut harmless = Vec::new();
        let mut next = 0;
        // Every 9th line without a finding of its own gets the next defect
        // that applies to it; every 9th line after that, a harmless rewrite.
        for (i, line) in lines.iter_mut().enumerate() {
            if clean.contains(&(i + 1)) || i >= en_lines.len() {
                continue;
            }
            if i % 9 == 4 {
                for k in 0..INJECTORS.len() {
                    let injector = &INJECTORS[(next + k) % INJECTORS.len()];
                    if let Some(changed) = (injector.apply)(line, en_lines[i]) {
                        *line = changed;
                        injected.push((i + 1, injector));
                        next = (next + k + 1) % INJECTORS.len();
                        break;
                    }
                }
            } else if i % 9 == 7 && line.chars().any(|c| c.is_ascii_digit()) {
                *line = line
                    .chars()
                    .map(|c| c.to_digit(10).map_or(c, |d| char::from_u32(0x0660 + d).unwrap()))
                    .collect();
                harmless.push(i + 1);
            }
        }
        let text = lines.join("\n") + "\n";
        let found = findings(corpus, &english, &text);
        for (line, injector) in &injected {
            let hit = found.iter().any(|(l, rule, _)| l == line && rule == injector.rule);
            let entry = tried.entry(injector.name).or_default();
            entry.0 += 1;
            entry.1 += usize::from(hit);
            if !hit {
                eprintln!("missed ({}): {} line {line}", injector.name, corpus.name);
            }
        }
        for line in &harmless {
            let noisy: Vec<_> = found
                .iter()
                .filter(|(l, _, _)| l == line)
                .map(|(_, _, d)| &d.message)
                .collect();
            assert!(
                noisy.is_empty(),
                "{} line {line}: Arabic-Indic digits reported: {noisy:?}",
                corpus.name
            );
        }
        quiet_lines += harmless.len();
    }
    let (total, hits) = tried.values().fold((0, 0), |(t, h), (a, b)| (t + a, h + b));
    for (name, (n, h)) in &tried {
        eprintln!("{name}: {h}/{n} found ({:.0} %)", *h as f64 * 100.0 / *n as f64);
    }
    eprintln!("all: {hits}/{total}; {quiet_lines} lines rewritten with Arabic-Indic digits stayed quiet");
    assert!(total >= 200, "enough defects injected ({total})");
    assert!(hits as f64 >= 0.9 * total as f64, "recall {hits}/{total}");
    for (name, (n, h)) in &tried {
        assert!(*h as f64 >= 0.8 * *n as f64, "{name}: {h}/{n}");
    }
}
