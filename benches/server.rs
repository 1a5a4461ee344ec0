//! `mtlint server`: how long a 100-paragraph article takes to re-lint after
//! one edit, from the `didChange` the editor sends to the diagnostics it
//! receives (the server's pause for typing set to 0 ms, so only the work is
//! measured). Run: `cargo bench --bench server`.

#[path = "../tests/common/lsp.rs"]
#[allow(dead_code)]
mod lsp;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::json;
use std::time::{Duration, Instant};

/// A hundred paragraphs of news: the example article's paragraphs, each
/// opened by a different dateline so none repeats another.
fn hundred_paragraphs() -> String {
    let article = include_str!("../examples/hasakah-prison-attack.ar.txt");
    let paragraphs: Vec<&str> = article
        .split("\n\n")
        .filter(|p| p.split_whitespace().count() > 5)
        .collect();
    let places = [
        "الحسكة",
        "القامشلي",
        "دمشق",
        "بيروت",
        "عمّان",
        "بغداد",
        "أربيل",
        "الرقة",
        "دير الزور",
        "حلب",
    ];
    (0..100)
        .map(|i| {
            format!(
                "{} ({}): {}",
                places[i % places.len()],
                i + 1,
                paragraphs[i % paragraphs.len()].trim()
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}

fn relint(c: &mut Criterion) {
    let text = hundred_paragraphs();
    let dir = std::env::temp_dir().join(format!("mtlint-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("article.txt");
    std::fs::write(&path, &text).unwrap();
    let uri = format!("file://{}", path.display());
    let mut client = lsp::Client::start(&["server", "--debounce-ms", "0", "--isolated"]);
    client.initialize(None);
    client.open(&uri, &text);
    let first = client.diagnostics(&uri, 1);
    eprintln!(
        "{} paragraphs, {} bytes, {} findings",
        text.split("\n\n").count(),
        text.len(),
        first.len()
    );
    let mut version = 1;
    let mut group = c.benchmark_group("server");
    group.sample_size(50);
    group.bench_function("re-lint 100 paragraphs after one edit", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                version += 1;
                // Type one letter at the start of paragraph 50.
                let at = json!({"line": 98, "character": 0});
                let started = Instant::now();
                client.notify(
                    "textDocument/didChange",
                    json!({"textDocument": {"uri": uri, "version": version},
                           "contentChanges": [{"range": {"start": at, "end": at}, "text": "و"}]}),
                );
                client.diagnostics(&uri, version);
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
    client.shut_down();
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(benches, relint);
criterion_main!(benches);
