//! The MT defects quoted from real system output (WMT25 English→Arabic)
//! are found in text like theirs: our own sentences, each with the defect
//! the rule must report.

use mtlint::engine::Engine;
use mtlint::source::SourceFile;

fn rules_on(text: &str) -> Vec<(String, String)> {
    let engine = Engine::bundled().unwrap();
    let source = SourceFile::new("article.txt", text.to_string());
    engine
        .lint(&source)
        .into_iter()
        .map(|d| (d.rule.to_string(), text[d.span].to_string()))
        .collect()
}

fn assert_found(text: &str, rule: &str, flagged: &str) {
    let found = rules_on(text);
    assert!(
        found.iter().any(|(r, f)| r == rule && f.contains(flagged)),
        "{rule} should flag «{flagged}» in «{text}»; found {found:?}"
    );
}

#[test]
fn mangled_company_and_place_names() {
    assert_found("ارتفعت أسهم مايتا بعد إعلان أرباحها الفصلية.", "meta-platforms", "مايتا");
    assert_found("تسيطر نيفيديا على سوق رقائق الذكاء الاصطناعي.", "nvidia", "نيفيديا");
    assert_found(
        "تصنع تايواون معظم الرقائق المتقدمة في العالم.",
        "taiwan-misspelt",
        "تايواون",
    );
    assert_found("أعلنت شركة انفيدي عن معالج جديد.", "near-miss-single-word", "انفيدي");
}

#[test]
fn one_name_written_two_ways() {
    assert_found(
        "قال اللاعب بريتزكي إنه سعيد. وأضاف بريتزكي أن الفريق قوي. وسجل بريتسكي هدفا.",
        "inconsistent-name-spelling",
        "بريتسكي",
    );
    assert_found(
        "وقعت Broadcom عقدا جديدا. وقالت بوردمكوم إن الطلب قوي.",
        "inconsistent-name-spelling",
        "بوردمكوم",
    );
}

#[test]
fn sports_and_finance_senses() {
    assert_found(
        "أسقط الرامي المرمى الأخير لينهي مباراة الكريكيت.",
        "cricket-wicket-as-goal",
        "المرمى",
    );
    assert_found(
        "أحرز الضارب 80 ركلة في مباراة الكريكيت أمس.",
        "cricket-runs-as-kicks",
        "ركلة",
    );
    assert_found(
        "خفضنا مواقفنا في أسهم البنوك خلال الأسبوع.",
        "positions-as-stances",
        "مواقفنا",
    );
    assert_found(
        "قالت الشركة إنها أطلقت النار على مديرتها من منصبها بعد الفضيحة.",
        "fired-as-shot",
        "أطلقت النار على",
    );
}
