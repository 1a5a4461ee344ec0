//! Every bundled rule's own examples: bad ones reported at their marked
//! spans (and fixed by their fix), good ones quiet.

use mtlint::engine::Engine;
use mtlint::rules::examples::check_rule;

fn bundled() -> Engine {
    Engine::bundled().unwrap_or_else(|errors| {
        panic!(
            "{}",
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        )
    })
}

#[test]
fn every_bundled_rule_passes_its_examples() {
    let engine = bundled();
    let mut report = String::new();
    for rule in engine.rules() {
        for failure in check_rule(&engine, rule) {
            report.push_str(&format!("{} ({}): {failure}\n", rule.id, rule.pack));
        }
    }
    assert!(report.is_empty(), "rule examples failed:\n{report}");
}

#[test]
fn every_written_bad_example_marks_its_span() {
    let engine = bundled();
    for rule in engine.rules() {
        for bad in rule.examples.bad() {
            assert!(
                !bad.marked.is_empty(),
                "{}: bad example without [[marked]] span: {}",
                rule.id,
                bad.written
            );
        }
    }
}

#[test]
fn bundled_packs_cover_every_rule_kind() {
    use mtlint::rules::RuleKind;
    let engine = bundled();
    for kind in [RuleKind::Term, RuleKind::Name, RuleKind::Pattern, RuleKind::Consistency] {
        assert!(engine.rules().iter().any(|r| r.kind == kind), "no bundled {kind} rule");
    }
}

/// The example runner must catch each way an example can be wrong.
#[test]
fn broken_examples_are_caught() {
    use mtlint::rules::examples::Failure;
    use mtlint::rules::pack::PackSource;
    let pack = PackSource::new(
        "broken.toml",
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/broken-examples.toml"
        ))
        .unwrap(),
    );
    let engine = Engine::new(&[pack]).expect("pack compiles");
    let failures = |id: &str| check_rule(&engine, engine.rule(id).unwrap());
    assert!(matches!(failures("not-reported")[..], [Failure::NotReported { .. }]));
    assert!(matches!(failures("wrong-span")[..], [Failure::WrongSpan { .. }]));
    assert!(matches!(failures("good-reported")[..], [Failure::GoodReported { .. }]));
    assert!(matches!(
        failures("fix-retriggers")[..],
        [Failure::FixDoesNotResolve { .. }]
    ));
    assert!(matches!(failures("no-bad-example")[..], [Failure::NoBadExample]));
    assert!(failures("all-good").is_empty());
}
