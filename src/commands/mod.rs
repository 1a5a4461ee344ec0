//! The subcommands. Each returns the process exit code.

pub mod check;
pub mod rules;
pub mod settings;
pub mod test;
pub mod watch;

use crate::cli::PackArgs;
use crate::engine::{Engine, bundled_packs};
use crate::output::human::plural;
use crate::rules::pack::{PackError, PackSource, read_packs};
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

/// The bundled packs (unless turned off) and the user's.
pub fn collect_pack_sources(args: &PackArgs) -> Result<Vec<PackSource>, Vec<PackError>> {
    let (packs, errors) = read_pack_sources(args);
    if errors.is_empty() { Ok(packs) } else { Err(errors) }
}

/// The packs that could be read, and an error for each that could not, so a
/// caller can still compile the rest and report every mistake at once.
pub fn read_pack_sources(args: &PackArgs) -> (Vec<PackSource>, Vec<PackError>) {
    let mut packs = if args.no_bundled { Vec::new() } else { bundled_packs() };
    let mut errors: Vec<PackError> = Vec::new();
    for path in &args.rules {
        match read_packs(path) {
            Ok(found) => packs.extend(found),
            Err(e) => errors.push(e),
        }
    }
    (packs, errors)
}

/// Loads the bundled packs, the user's and those the `mtlint.toml` found
/// from the current directory adds (with its rule options), so `rules` and
/// `explain` know every rule `check` runs here. Prints every mistake.
pub fn load_engine(args: &PackArgs) -> Result<Engine, i32> {
    let result = (|| {
        let cwd = std::env::current_dir().unwrap_or_default();
        let loaded = match crate::config::discover(&cwd) {
            Some(path) => crate::config::LoadedConfig::read(&path).map_err(|e| vec![e])?,
            None => crate::config::LoadedConfig::none(),
        };
        let mut pack_args = args.clone();
        let (packs, mut errors) = loaded.rule_packs();
        pack_args.rules.extend(packs);
        let (sources, unreadable) = read_pack_sources(&pack_args);
        errors.extend(unreadable);
        match Engine::with_options(&sources, &loaded.rule_options()) {
            Ok(engine) if errors.is_empty() => Ok(engine),
            Ok(_) => Err(errors),
            Err(e) => {
                errors.extend(e);
                Err(errors)
            }
        }
    })();
    result.map_err(|errors| {
        print_pack_errors(&errors);
        EXIT_ERROR
    })
}

fn stderr_color() -> termcolor::ColorChoice {
    if no_color() || !std::io::stderr().is_terminal() {
        termcolor::ColorChoice::Never
    } else {
        termcolor::ColorChoice::Auto
    }
}

/// NO_COLOR (<https://no-color.org>): set and non-empty means no colour.
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

pub fn print_pack_errors(errors: &[PackError]) {
    let mut stderr = termcolor::StandardStream::stderr(stderr_color());
    let config = Config::default();
    for e in errors {
        let file = SimpleFile::new(e.pack.as_str(), e.text.as_ref());
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
        "error: {} in rule packs or configuration; nothing was linted",
        plural(errors.len(), "mistake")
    );
}

/// Writes to standard output; a reader that went away (`| head`) is not an
/// error.
pub fn write_stdout(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// A command's whole output to standard output: `code` when it was
/// written (or the reader went away), else the error is reported and the
/// exit code is 2 (a full disk must not pass for success).
pub fn emit(bytes: &[u8], code: i32) -> i32 {
    match write_stdout(bytes) {
        Ok(()) => code,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            EXIT_ERROR
        }
    }
}

/// `mtlint init`: a commented starter config, never over an existing one.
pub fn init() -> i32 {
    let path = std::path::Path::new(crate::config::FILE_NAME);
    if path.exists() {
        eprintln!("error: {} already exists; not overwriting it", path.display());
        return EXIT_ERROR;
    }
    match crate::atomic_write::write_atomic(path, crate::config::STARTER.as_bytes()) {
        Ok(()) => emit(format!("wrote {}\n", path.display()).as_bytes(), EXIT_CLEAN),
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", path.display());
            EXIT_ERROR
        }
    }
}

/// `mtlint completions SHELL`, generated from the clap definitions.
pub fn completions(shell: clap_complete::Shell) -> i32 {
    let mut command = crate::cli::command();
    // Generated into memory: clap_complete panics on a failed write.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "mtlint", &mut script);
    emit(&script, EXIT_CLEAN)
}

/// `mtlint config`: the configuration reference.
pub fn config_reference(args: &crate::cli::ConfigArgs) -> i32 {
    let text = if args.markdown {
        crate::config_reference::markdown()
    } else {
        crate::config_reference::text()
    };
    emit(text.as_bytes(), EXIT_CLEAN)
}

/// The main manual page: clap's sections, then the configuration
/// reference, then where the subcommand pages come from.
fn main_page(cmd: &clap::Command) -> std::io::Result<Vec<u8>> {
    let page = clap_mangen::Man::new(cmd.clone());
    let mut roff = Vec::new();
    page.render_title(&mut roff)?;
    page.render_name_section(&mut roff)?;
    page.render_synopsis_section(&mut roff)?;
    page.render_description_section(&mut roff)?;
    page.render_options_section(&mut roff)?;
    page.render_subcommands_section(&mut roff)?;
    roff.extend_from_slice(crate::config_reference::roff().as_bytes());
    roff.extend_from_slice(
        b".SH \"SEE ALSO\"\n\\fBmtlint man --output-dir DIR\\fR writes this page and one per subcommand (mtlint\\-check.1, ...). \\fBmtlint explain ID\\fR describes a rule; \\fBmtlint rules\\fR lists them.\n",
    );
    page.render_version_section(&mut roff)?;
    Ok(roff)
}

/// `mtlint man`: the manual page on standard output, or with
/// `--output-dir` every page written (each whole or not at all).
pub fn man(args: &crate::cli::ManArgs) -> i32 {
    let mut cmd = crate::cli::command().disable_help_subcommand(true);
    cmd.build();
    let Some(dir) = &args.output_dir else {
        return match main_page(&cmd) {
            Ok(roff) => emit(&roff, EXIT_CLEAN),
            Err(e) => {
                eprintln!("error: cannot render the manual page: {e}");
                EXIT_ERROR
            }
        };
    };
    let mut pages = vec![("mtlint.1".to_string(), main_page(&cmd))];
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let page = clap_mangen::Man::new(sub.clone());
        let mut roff = Vec::new();
        let rendered = page.render(&mut roff).map(|()| roff);
        pages.push((page.get_filename(), rendered));
    }
    if let Err(e) = std::fs::create_dir_all(dir) {
        eprintln!("error: cannot create {}: {e}", dir.display());
        return EXIT_ERROR;
    }
    let mut code = EXIT_CLEAN;
    let mut report = String::new();
    for (name, roff) in pages {
        let path = dir.join(&name);
        let written = roff.and_then(|roff| crate::atomic_write::write_atomic(&path, &roff));
        match written {
            Ok(()) => report.push_str(&format!("wrote {}\n", path.display())),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                code = EXIT_ERROR;
            }
        }
    }
    emit(report.as_bytes(), code)
}
