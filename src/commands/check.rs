//! `mtlint check`: lint (and optionally fix) inputs in parallel, report in
//! input order.

use super::settings::{Context, Resolver};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, no_color, print_pack_errors};
use crate::cli::{CheckArgs, ColorWhen};
use crate::diagnostic::{Applicability, Diagnostic};
use crate::fix::write_atomic;
use crate::inputs::{self, Content, Input, InputError};
use crate::lint::Linter;
use crate::markup::Markup;
use crate::output::{FileReport, Format, statistics, write_report};
use crate::rules::RuleInfo;
use codespan_reporting::term::termcolor::{Buffer, BufferedStandardStream, ColorChoice, WriteColor};
use rayon::prelude::*;
use std::io::{self, IsTerminal, Write};
use std::sync::Arc;

/// What happened to one input.
enum Outcome {
    Linted {
        report: FileReport,
        context: Arc<Context>,
        /// Fixes applied (with --fix) or that would be (with --diff).
        fixed: usize,
        /// With --diff: the fixed text, when it differs.
        diff: Option<String>,
    },
    Skipped(String),
    Failed(InputError),
}

pub fn run(args: &CheckArgs) -> i32 {
    let mut resolver = Resolver::new(args);
    // Walk directories under the configuration found for each of them.
    let mut config_errors = Vec::new();
    let mut inputs: Vec<(Input, Arc<Context>)> = Vec::new();
    // A file whose configuration is broken is kept here; the error is
    // reported below when its context is resolved again.
    let (found, mut errors) = inputs::collect(&args.paths, |file| match resolver.for_path(Some(file)) {
        Ok(context) => context.filter.accepts(file),
        Err(_) => true,
    });
    for input in found {
        let path = match &input {
            Input::Stdin => None,
            Input::File(p) => Some(p.as_path()),
        };
        match resolver.for_path(path) {
            Ok(context) => inputs.push((input, context)),
            Err(e) => {
                if !config_errors.iter().any(|x: &crate::rules::pack::PackError| {
                    e.iter().any(|y| y.pack == x.pack && y.message == x.message)
                }) {
                    config_errors.extend(e);
                }
            }
        }
    }
    if !config_errors.is_empty() {
        print_pack_errors(&config_errors);
        return EXIT_ERROR;
    }
    let stdin_fix = args.fix && inputs.iter().any(|(i, _)| *i == Input::Stdin);
    let outcomes: Vec<Outcome> = inputs
        .par_iter()
        .map(|(input, context)| process(args, input, context))
        .collect();
    let mut reports = Vec::new();
    let mut contexts = Vec::new();
    let mut fixed_total = 0;
    let mut fixed_files = 0;
    let mut diffs = Vec::new();
    for outcome in outcomes {
        match outcome {
            Outcome::Linted {
                report,
                context,
                fixed,
                diff,
            } => {
                fixed_total += fixed;
                if fixed > 0 {
                    fixed_files += 1;
                }
                if let Some(new_text) = diff {
                    diffs.push((
                        report.source.path().to_string(),
                        report.source.text().to_string(),
                        new_text,
                    ));
                }
                reports.push(report);
                contexts.push(context);
            }
            Outcome::Skipped(note) => eprintln!("note: {note}"),
            Outcome::Failed(e) => errors.push(e),
        }
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    if args.diff {
        return finish_diff(&diffs, &errors);
    }
    let rules = all_rules(&contexts);
    let result = if stdin_fix {
        // The fixed text went to standard output; findings go to stderr.
        let mut err = BufferedStandardStream::stderr(ColorChoice::Never);
        write_report(Format::Concise, &reports, &rules, &mut err).and_then(|_| err.flush())
    } else {
        write_output(args, &reports, &rules, fixed_total, fixed_files)
    };
    match result {
        Ok(()) => {}
        // A closed pipe (`mtlint check | head`) is the reader's choice.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {}
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            return EXIT_ERROR;
        }
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if reports
        .iter()
        .zip(&contexts)
        .any(|(r, c)| r.diagnostics.iter().any(|d| d.severity >= c.settings.fail_on))
    {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn process(args: &CheckArgs, input: &Input, context: &Arc<Context>) -> Outcome {
    let source = match inputs::read(input) {
        Ok(Content::Text(source)) => source,
        Ok(Content::Binary) => return Outcome::Skipped(format!("{}: binary file skipped", input.display())),
        Err(e) => return Outcome::Failed(e),
    };
    let path = match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => None,
    };
    let markup = path.map_or(Markup::Plain, Markup::of_path);
    let linter = Linter {
        engine: &context.engine,
        settings: &context.settings,
    };
    if !(args.fix || args.diff) {
        let diagnostics = linter.lint(&source, markup, path);
        return Outcome::Linted {
            report: FileReport { source, diagnostics },
            context: context.clone(),
            fixed: 0,
            diff: None,
        };
    }
    let fixed = linter.fix(&source, markup, path, args.unsafe_fixes);
    let changed = fixed.text != source.text();
    if args.diff {
        return Outcome::Linted {
            diff: changed.then(|| fixed.text.clone()),
            report: FileReport {
                source,
                diagnostics: fixed.remaining,
            },
            context: context.clone(),
            fixed: fixed.applied,
        };
    }
    match input {
        Input::Stdin => {
            let mut out = io::stdout().lock();
            let _ = out.write_all(fixed.text.as_bytes()).and_then(|_| out.flush());
        }
        Input::File(p) if changed => {
            if let Err(e) = write_atomic(p, fixed.text.as_bytes()) {
                return Outcome::Failed(InputError {
                    path: input.display(),
                    message: format!("cannot write the fixed file (left unchanged): {e}"),
                });
            }
        }
        Input::File(_) => {}
    }
    Outcome::Linted {
        report: FileReport {
            source: crate::source::SourceFile::new(source.path(), fixed.text),
            diagnostics: fixed.remaining,
        },
        context: context.clone(),
        fixed: fixed.applied,
        diff: None,
    }
}

/// Rule metadata of every engine used, once per id.
fn all_rules(contexts: &[Arc<Context>]) -> Vec<RuleInfo> {
    let mut seen = std::collections::HashSet::new();
    let mut rules = Vec::new();
    for c in contexts {
        if seen.insert(c.config_path.clone()) {
            for r in c.engine.rules() {
                if !rules.iter().any(|x: &RuleInfo| x.id == r.id) {
                    rules.push(r.clone());
                }
            }
        }
    }
    rules
}

fn finish_diff(diffs: &[(String, String, String)], errors: &[InputError]) -> i32 {
    let mut out = io::stdout().lock();
    for (path, old, new) in diffs {
        let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
        let text = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        if out.write_all(text.as_bytes()).is_err() {
            break;
        }
    }
    let _ = out.flush();
    if !errors.is_empty() {
        EXIT_ERROR
    } else if diffs.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        _ if no_color() => ColorChoice::Never,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Auto if io::stdout().is_terminal() => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// One line on fixes: how many were applied, how many more are available.
fn fix_summary(args: &CheckArgs, reports: &[FileReport], fixed: usize, files: usize) -> Option<String> {
    let count = |safe: bool| {
        reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d: &&Diagnostic| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| (f.applicability == Applicability::Safe) == safe)
            })
            .count()
    };
    let (safe, unsafe_) = (count(true), count(false));
    let mut parts = Vec::new();
    if args.fix && fixed == 0 {
        parts.push("nothing to fix".to_string());
    } else if args.fix {
        parts.push(format!(
            "fixed {fixed} finding{} in {files} file{}",
            plural(fixed),
            plural(files)
        ));
    } else if safe > 0 {
        parts.push(format!("{safe} fixable with --fix"));
    }
    if unsafe_ > 0 && !args.unsafe_fixes {
        parts.push(format!("{unsafe_} more with --fix --unsafe-fixes"));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn write_output(
    args: &CheckArgs,
    reports: &[FileReport],
    rules: &[RuleInfo],
    fixed: usize,
    files: usize,
) -> io::Result<()> {
    let summary = fix_summary(args, reports, fixed, files);
    let human = args.format == Format::Human && !args.statistics;
    let render = |out: &mut dyn WriteColor| -> io::Result<()> {
        if args.statistics {
            statistics::write_statistics(reports, out)?;
        } else {
            write_report(args.format, reports, rules, out)?;
        }
        if human && let Some(s) = &summary {
            writeln!(out, "{s}")?;
        }
        Ok(())
    };
    match &args.output_file {
        Some(path) => {
            let mut buffer = Buffer::no_color();
            render(&mut buffer)?;
            write_atomic(path, buffer.as_slice())
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        }
        None => {
            let mut out = BufferedStandardStream::stdout(color_choice(args.color));
            render(&mut out)?;
            out.flush()?;
        }
    }
    if !human && let Some(s) = summary {
        eprintln!("{s}");
    }
    Ok(())
}
