//! The subcommands. Each returns the process exit code.

pub mod check;
pub mod rules;

use crate::cli::PackArgs;
use crate::engine::{Engine, bundled_packs};
use crate::rules::pack::{PackError, read_packs};
use codespan_reporting::diagnostic::{Diagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, Config, termcolor};
use std::io::IsTerminal;

/// No finding at warning or above.
pub const EXIT_CLEAN: i32 = 0;
/// Findings at warning or above.
pub const EXIT_FINDINGS: i32 = 1;
/// Usage, I/O or rule-file error.
pub const EXIT_ERROR: i32 = 2;

/// Loads the bundled packs and the user's, printing every mistake.
pub fn load_engine(args: &PackArgs) -> Result<Engine, i32> {
    let mut packs = if args.no_bundled { Vec::new() } else { bundled_packs() };
    let mut errors: Vec<PackError> = Vec::new();
    for path in &args.rules {
        match read_packs(path) {
            Ok(found) => packs.extend(found),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        match Engine::new(&packs) {
            Ok(engine) => return Ok(engine),
            Err(e) => errors = e,
        }
    }
    print_pack_errors(&errors);
    Err(EXIT_ERROR)
}

fn stderr_color() -> termcolor::ColorChoice {
    if no_color() || !std::io::stderr().is_terminal() {
        termcolor::ColorChoice::Never
    } else {
        termcolor::ColorChoice::Auto
    }
}

/// NO_COLOR (https://no-color.org): set and non-empty means no colour.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn print_pack_errors(errors: &[PackError]) {
    let mut stderr = termcolor::StandardStream::stderr(stderr_color());
    let config = Config::default();
    for e in errors {
        let file = SimpleFile::new(e.pack.as_str(), e.text.as_str());
        let mut d = Diagnostic::error().with_message(format!("{}: {}", e.pack, e.message));
        if let Some(span) = &e.span {
            d = d.with_labels(vec![Label::primary((), span.clone()).with_message(&e.label)]);
        } else if !e.label.is_empty() {
            d = d.with_notes(vec![e.label.clone()]);
        }
        if let Some(note) = &e.note {
            d = d.with_notes(vec![note.clone()]);
        }
        if term::emit_to_write_style(&mut stderr, &config, &file, &d).is_err() {
            eprintln!("error: {e}");
        }
    }
    eprintln!(
        "error: {} in rule packs; nothing was linted",
        plural(errors.len(), "mistake")
    );
}

fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
