//! Criterion benchmarks: building a document, and a full lint of the seed
//! article with every bundled rule. The corpus benchmark against ripgrep
//! is `scripts/bench.sh`.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use mtlint::document::Document;
use mtlint::engine::Engine;
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

criterion_group!(benches, document, lint);
criterion_main!(benches);
