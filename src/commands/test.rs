//! `mtlint test`: run every rule's examples, for rule authors.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, collect_pack_sources, emit, print_pack_errors};
use crate::cli::{PackArgs, TestArgs};
use crate::engine::Engine;
use crate::rules::examples::check_rule;

pub fn run(args: &TestArgs) -> i32 {
    // The packs under test, compiled with the bundled ones when they are
    // the bundled ones; a user's packs are tested on their own.
    let pack_args = PackArgs {
        rules: args.paths.clone(),
        no_bundled: !args.paths.is_empty(),
    };
    let engine = match collect_pack_sources(&pack_args).and_then(|p| Engine::new(&p)) {
        Ok(engine) => engine,
        Err(errors) => {
            print_pack_errors(&errors);
            return EXIT_ERROR;
        }
    };
    let mut out = String::new();
    let mut failing = 0;
    let mut examples = 0;
    for rule in engine.rules() {
        examples += rule.examples.bad().len() + rule.examples.good().len();
        let failures = check_rule(&engine, rule);
        if failures.is_empty() {
            continue;
        }
        failing += 1;
        out.push_str(&format!("FAIL {} ({})\n", rule.id, rule.pack));
        for f in failures {
            for (i, line) in f.to_string().lines().enumerate() {
                out.push_str(&format!("{}{line}\n", if i == 0 { "  - " } else { "    " }));
            }
        }
    }
    let total = engine.rules().len();
    out.push_str(&format!(
        "{} passed, {failing} failed ({examples} examples in {total} rules)\n",
        total - failing
    ));
    emit(out.as_bytes(), if failing > 0 { EXIT_FINDINGS } else { EXIT_CLEAN })
}
