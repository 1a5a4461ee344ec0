//! Rule packs and configuration files from arbitrary text: either they
//! compile, or every error points inside the file on character boundaries;
//! a pack that compiles lints a sample article without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mtlint::config::{LoadedConfig, Overrides, Settings};
use mtlint::engine::Engine;
use mtlint::lint::Linter;
use mtlint::markup::Markup;
use mtlint::rules::pack::{PackError, PackSource};
use mtlint::source::SourceFile;

const SAMPLE: &str = "قال مظلوم عبادي إن 150 سجينا اندلعوا من سجن غويران ، ويمكن مشاهدة www.youtube.com/watch؟v=x";

fn check_errors(text: &str, errors: &[PackError]) {
    assert!(!errors.is_empty());
    for e in errors {
        if let Some(span) = &e.span {
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
            assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = PackSource::new("fuzz.toml", text.to_string());
    match Engine::new(std::slice::from_ref(&source)) {
        Ok(engine) => {
            let settings = Settings::defaults();
            let linter = Linter {
                engine: &engine,
                settings: &settings,
            };
            let sample = SourceFile::new("sample", SAMPLE);
            for d in linter.lint(&sample, Markup::Plain, None) {
                assert!(SAMPLE.is_char_boundary(d.span.start) && SAMPLE.is_char_boundary(d.span.end));
            }
        }
        Err(errors) => check_errors(text, &errors),
    }
    match LoadedConfig::parse(source) {
        Ok(config) => {
            let overrides = Overrides::default();
            if let Err(errors) = Settings::resolve(&config, &overrides) {
                check_errors(text, &errors);
            }
            let unknown = Settings::unknown_rules(&config, &overrides, Linter::bundled().engine.ids());
            if !unknown.is_empty() {
                check_errors(text, &unknown);
            }
            if let Err(e) = mtlint::config::FileFilter::new(&config) {
                check_errors(text, &[e]);
            }
        }
        Err(e) => check_errors(text, &[e]),
    }
});
