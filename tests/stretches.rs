//! A big text checked a stretch at a time (`mtlint::stretches`) must give
//! exactly the findings of the whole document, for every rule that says it
//! reads a paragraph at a time; and every rule that reads across
//! paragraphs must say so.

use mtlint::diagnostic::Diagnostic;
use mtlint::document::Document;
use mtlint::engine::{Engine, RuleOptions, bundled_packs};
use mtlint::source::SourceFile;
use std::collections::BTreeSet;

/// The bundled rules with only the rules `keep` takes.
fn selecting(keep: &dyn Fn(&str) -> bool) -> Engine {
    Engine::with_selection(&bundled_packs(), &RuleOptions::default(), keep).expect("the bundled packs compile")
}

/// Every bundled rule that reads across paragraphs, found by compiling
/// each rule on its own.
fn rules_reading_across_paragraphs() -> BTreeSet<String> {
    let all = Engine::bundled().expect("the bundled packs compile");
    all.rules()
        .iter()
        .map(|r| r.id.to_string())
        .filter(|id| !selecting(&|other| other == id.as_str()).reads_paragraphs_alone())
        .collect()
}

/// A text with every bundled rule's examples, good and bad, a paragraph
/// or more each, and the example article: every rule kind finds something
/// in it, and across its paragraphs the article-wide rules find more.
fn examples_text() -> String {
    let all = Engine::bundled().expect("the bundled packs compile");
    let mut paragraphs: Vec<String> = Vec::new();
    for rule in all.rules() {
        for example in rule.examples.bad().iter().chain(rule.examples.good()) {
            paragraphs.push(example.text.clone());
        }
    }
    paragraphs.push(include_str!("../examples/hasakah-prison-attack.ar.txt").to_string());
    // A quotation that runs on into the next paragraph.
    paragraphs.push("وقال الشاهد «إن المدينة".to_string());
    paragraphs.push("هادئة الآن» ثم غادر.".to_string());
    // A paragraph copied on into the next one, then a copy of both, then
    // one cut short inside a word.
    paragraphs.push("كان الجو باردا في المدينة صباح اليوم وخرج الناس إلى الأسواق".to_string());
    paragraphs.push("ثم عاد الجميع إلى بيوتهم قبل المساء بقليل".to_string());
    paragraphs.push("كان الجو باردا في المدينة صباح اليوم وخرج الناس إلى الأسواق ثم عاد الجميع".to_string());
    paragraphs.push("كان الجو باردا في المدينة صباح اليوم وخرج النا".to_string());
    // A bracket inside a link, which is not punctuation.
    paragraphs.push("انظر القائمة في https://example.com/list_(2020 للمزيد.".to_string());
    // And one that is closed the wrong way round there.
    paragraphs.push("وقالت الوزيرة «نعمل على الخطة".to_string());
    paragraphs.push("حتى نهاية العام« وأضافت أن العمل مستمر.".to_string());
    paragraphs.join("\n\n")
}

fn whole(engine: &Engine, source: &SourceFile) -> Vec<Diagnostic> {
    engine.lint_document(&Document::new(source), None)
}

#[test]
fn the_rules_that_read_across_paragraphs_say_so() {
    let across = rules_reading_across_paragraphs();
    let expected: BTreeSet<String> = [
        "duplicated-paragraph",
        "inconsistent-name-spelling",
        "mixed-digits",
        "reversed-guillemet",
        "unbalanced-pairs",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(across, expected);
}

#[test]
fn stretch_by_stretch_finds_what_the_whole_document_finds() {
    let engine = Engine::bundled().expect("the bundled packs compile");
    assert!(engine.checks_in_stretches());
    let text = examples_text();
    let source = SourceFile::new("examples.txt", text.clone());
    let expected = whole(&engine, &source);
    assert!(expected.len() > 300, "only {} findings", expected.len());
    // A paragraph a stretch, then a few of them, then a few kilobytes,
    // then the whole text as one (checked as a whole document).
    for len in [1, 300, 5000, text.len()] {
        let stretched = mtlint::stretches::lint(&engine, &source, len);
        let first_difference = expected.iter().zip(&stretched).position(|(a, b)| a != b);
        assert!(
            expected == stretched,
            "stretches of {len} bytes: {} findings against {}; first difference at {first_difference:?}: {:#?}",
            stretched.len(),
            expected.len(),
            first_difference.map(|i| (&expected[i], &stretched[i]))
        );
    }
    // The places after the first stretch are the file's, not the stretch's.
    let last = expected.last().expect("findings");
    assert!(last.span.start > text.len() / 2);
}

#[test]
fn the_text_puts_each_article_wide_rule_to_the_test() {
    // The test above would miss a rule that reads across paragraphs and
    // carries nothing from stretch to stretch, if the text gave it nothing
    // to carry: each such rule finds otherwise when every paragraph is
    // checked as a document of its own.
    let text = examples_text();
    let source = SourceFile::new("examples.txt", text.clone());
    for id in rules_reading_across_paragraphs() {
        let engine = selecting(&|other| other == id);
        let mut alone = Vec::new();
        for range in mtlint::stretches::cut(&text, 1) {
            let paragraph = source.stretch_of(range.clone());
            for mut d in whole(&engine, &paragraph) {
                d.shift(range.start);
                alone.push(d);
            }
        }
        mtlint::diagnostic::sort_by_position(&mut alone);
        assert_ne!(
            whole(&engine, &source),
            alone,
            "{id} finds the same paragraph by paragraph"
        );
    }
}

#[test]
fn spans_after_the_first_stretch_are_the_files() {
    let engine = selecting(&|id| id == "doubled-word");
    let text = format!("{}قال إنه في في المدينة\n", "سطر أول\n\n".repeat(40));
    let source = SourceFile::new("t.txt", text.clone());
    let found = mtlint::stretches::lint(&engine, &source, 1);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(&text[found[0].span.clone()], "في في");
    assert_eq!(found, whole(&engine, &source));
}

mod random_articles {
    use super::*;
    use proptest::prelude::*;
    use std::sync::LazyLock;

    static ENGINE: LazyLock<Engine> = LazyLock::new(|| Engine::bundled().expect("the bundled packs compile"));

    /// Every rule's examples, one paragraph each (a multi-line example is
    /// cut at its blank lines).
    static PARAGRAPHS: LazyLock<Vec<String>> = LazyLock::new(|| {
        examples_text()
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(String::from)
            .collect()
    });

    /// A paragraph: an example, or a line made of the marks and words the
    /// article-wide rules carry across paragraphs.
    fn paragraph() -> impl Strategy<Value = String> {
        let pieces = prop_oneof![
            Just("«"),
            Just("»"),
            Just("("),
            Just(")"),
            Just("عام 2020"),
            Just("عام ٢٠٢١"),
            Just("الغويران"),
            Just("بالغيران"),
            Just("Broadcom"),
            Just("بوردكوم"),
            Just("قال المتحدث إن الوضع هادئ"),
            Just("https://example.com/a_(b"),
            Just("…"),
        ];
        prop_oneof![
            (0..PARAGRAPHS.len()).prop_map(|i| PARAGRAPHS[i].clone()),
            prop::collection::vec(pieces, 1..8).prop_map(|p| p.join(" ")),
        ]
    }

    fn article() -> impl Strategy<Value = String> {
        let gap = prop_oneof![Just("\n\n"), Just("\n\n\n"), Just("\n \n"), Just("\n")];
        prop::collection::vec((paragraph(), gap), 1..30).prop_map(|parts| {
            // Each paragraph a second time now and then: duplicated
            // paragraphs across stretches.
            let mut text = String::new();
            for (k, (p, gap)) in parts.iter().enumerate() {
                text.push_str(p);
                text.push_str(gap);
                if k % 3 == 2 {
                    text.push_str(&parts[k / 2].0);
                    text.push_str("\n\n");
                }
            }
            text
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn stretch_by_stretch_is_the_whole_document(text in article(), len in 1usize..3000) {
            let source = SourceFile::new("random.txt", text);
            let expected = whole(&ENGINE, &source);
            let stretched = mtlint::stretches::lint(&ENGINE, &source, len);
            prop_assert_eq!(expected, stretched);
        }
    }
}
