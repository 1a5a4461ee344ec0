//! Criterion benchmarks: building a document, a full lint of the seed
//! article with every bundled rule, and each rule family alone (an engine
//! with only that family's rules: its cost is its time minus the document's).
//! The corpus benchmark against ripgrep is `scripts/bench.sh`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mtlint::document::Document;
use mtlint::engine::{Engine, RuleOptions, bundled_packs};
use mtlint::source::SourceFile;
use std::hint::black_box;

fn seed() -> SourceFile {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/hasakah-prison-attack.ar.txt"
    ))
    .unwrap();
    SourceFile::new("seed", text)
}

fn document(c: &mut Criterion) {
    let source = seed();
    let mut group = c.benchmark_group("document");
    group.throughput(Throughput::Bytes(source.text().len() as u64));
    group.bench_function("build seed document", |b| {
        b.iter(|| black_box(Document::new(black_box(&source)).tokens.len()))
    });
    group.finish();
}

fn lint(c: &mut Criterion) {
    let source = seed();
    let engine = Engine::bundled().expect("bundled packs compile");
    let mut group = c.benchmark_group("lint");
    group.throughput(Throughput::Bytes(source.text().len() as u64));
    group.bench_function("lint seed with bundled rules", |b| {
        b.iter(|| black_box(engine.lint(black_box(&source)).len()))
    });
    group.finish();
    c.bench_function("compile bundled rule packs", |b| {
        b.iter(|| black_box(Engine::bundled().unwrap().rules().len()))
    });
}

fn families(c: &mut Criterion) {
    let source = seed();
    let packs = bundled_packs();
    let full = Engine::new(&packs).expect("bundled packs compile");
    let mut kinds: Vec<_> = full.rules().iter().map(|r| r.kind).collect();
    kinds.sort_by_key(|k| k.as_str());
    kinds.dedup();
    let mut group = c.benchmark_group("family");
    group.throughput(Throughput::Bytes(source.text().len() as u64));
    for kind in kinds {
        let ids: Vec<String> = full
            .rules()
            .iter()
            .filter(|r| r.kind == kind)
            .map(|r| r.id.to_string())
            .collect();
        let engine = Engine::with_selection(&packs, &RuleOptions::default(), &|id| ids.iter().any(|i| i == id))
            .expect("a selection of bundled packs compiles");
        group.bench_function(kind.as_str(), |b| {
            b.iter(|| black_box(engine.lint(black_box(&source)).len()))
        });
    }
    group.finish();
}

criterion_group!(benches, document, lint, families);
criterion_main!(benches);
