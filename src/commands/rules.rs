//! `mtlint rules` and `mtlint explain`: what the loaded rules are.

use super::{EXIT_CLEAN, EXIT_ERROR, emit, load_engine};
use crate::arabic::script::visible;
use crate::cli::{ExplainArgs, RulesArgs};
use crate::diagnostic::Applicability;
use crate::rules::RuleInfo;
use std::io::{self, Write};

fn fix_label(fix: Option<Applicability>) -> &'static str {
    match fix {
        Some(Applicability::Safe) => "fix",
        Some(Applicability::Unsafe) => "unsafe-fix",
        None => "-",
    }
}

pub fn list(args: &RulesArgs) -> i32 {
    let engine = match load_engine(&args.packs) {
        Ok(engine) => engine,
        Err(code) => return code,
    };
    let mut out = Vec::new();
    let result: io::Result<()> = if args.literals {
        engine.literals().iter().try_for_each(|l| writeln!(out, "{l}"))
    } else {
        let width = engine.rules().iter().map(|r| r.id.len()).max().unwrap_or(0);
        engine.rules().iter().try_for_each(|r| {
            writeln!(
                out,
                "{:width$}  {:12}  {:7}  {:10}  {}",
                r.id,
                r.kind.as_str(),
                r.severity.as_str(),
                fix_label(r.fix),
                r.pack
            )
        })
    };
    result.expect("writing to memory");
    emit(&out, EXIT_CLEAN)
}

pub fn explain(args: &ExplainArgs) -> i32 {
    let engine = match load_engine(&args.packs) {
        Ok(engine) => engine,
        Err(code) => return code,
    };
    let Some(rule) = engine.rule(&args.rule) else {
        eprintln!("error: no rule «{}»; `mtlint rules` lists them", args.rule);
        return EXIT_ERROR;
    };
    emit(explain_page(rule).as_bytes(), EXIT_CLEAN)
}

/// A rule's explanation as `mtlint explain` prints it (Markdown): what it
/// finds, its fix, why, and its examples. The language server's hover
/// shows the same page.
pub fn explain_page(rule: &RuleInfo) -> String {
    let mut text = format!(
        "# {}\n\nkind: {}    severity: {}    pack: {}\nfix: {}\n\nmessage: {}\n",
        rule.id,
        rule.kind,
        rule.severity,
        rule.pack,
        match rule.fix {
            Some(Applicability::Safe) => "safe, applied by `mtlint check --fix`",
            Some(Applicability::Unsafe) =>
                "unsafe (depends on meaning), applied by `mtlint check --fix --unsafe-fixes`",
            None => "none; the finding is for a person to resolve",
        },
        rule.message
    );
    if let Some(explain) = &rule.explain {
        text.push_str(&format!("\n{}\n", explain.trim_end()));
    }
    if !rule.examples.bad().is_empty() {
        text.push_str("\n## Reported (the span is marked [[ ]])\n");
        for e in rule.examples.bad() {
            text.push_str(&format!("  ✗ {}\n", visible(&e.written)));
        }
    }
    if !rule.examples.good().is_empty() {
        text.push_str("\n## Not reported\n");
        for e in rule.examples.good() {
            text.push_str(&format!("  ✓ {}\n", visible(&e.written)));
        }
    }
    text
}
