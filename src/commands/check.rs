//! `mtlint check`: lint (and optionally fix) inputs in parallel, report in
//! input order.

use super::settings::{Context, Resolver};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, no_color, print_pack_errors, write_stdout};
use crate::atomic_write::{ReplaceOptions, replace_checked, write_atomic};
use crate::cli::{CheckArgs, ColorWhen};
use crate::diagnostic::Applicability;
use crate::diagnostic::Severity;
use crate::inputs::{self, Content, Input, InputError};
use crate::lint::Linter;
use crate::markup::Markup;
use crate::output::human::plural;
use crate::output::{FileReport, Format, github, html, human, json, statistics, write_report};
use crate::output::{Notification, sarif};
use crate::parallel::in_order;
use crate::rules::RuleInfo;
use codespan_reporting::term::termcolor::{Buffer, BufferedStandardStream, ColorChoice, WriteColor};
use std::io::{self, IsTerminal};
use std::sync::Arc;

/// What happened to one input.
pub(super) enum Outcome {
    Linted {
        report: FileReport,
        context: Arc<Context>,
        /// Fixes applied (with --fix) or that would be (with --diff).
        fixed: usize,
        /// With --diff: the fixed text, when it differs.
        diff: Option<String>,
        /// The fixed text could not be written (its findings are still
        /// reported, against the text as it is).
        error: Option<InputError>,
    },
    /// Not linted, with the reason (binary, too large).
    Skipped(InputError),
    Failed(InputError),
}

pub fn run(args: &CheckArgs) -> i32 {
    if args.watch {
        return super::watch::run(args);
    }
    // The compiled engines serve until the process exits; freeing a
    // thousand rules' tables on the way out only delays the exit (about a
    // tenth of linting one small article).
    let mut resolver = std::mem::ManuallyDrop::new(Resolver::new(args));
    let (inputs, mut errors) = match gather(args, &mut resolver) {
        Ok(found) => found,
        Err(code) => return code,
    };
    for e in &errors {
        eprintln!("error: {e}");
    }
    if args.show_settings {
        for (input, context) in &inputs {
            let path = match input {
                Input::Stdin => args.stdin_filename.as_deref(),
                Input::File(p) => Some(p.as_path()),
            };
            let config = context
                .config_path
                .as_ref()
                .map_or("(none: defaults)".to_string(), |p| p.display().to_string());
            println!("{}:", shown(input));
            println!("configuration: {config}");
            println!("rules loaded: {}", context.engine.rules().len());
            if let Some(pattern) = &context.source_pattern {
                println!("source pattern: {pattern}");
            }
            print!("{}", context.settings.describe(path));
            println!();
        }
        return if errors.is_empty() { EXIT_CLEAN } else { EXIT_ERROR };
    }
    if args.show_files {
        for (input, _) in &inputs {
            println!("{}", shown(input));
        }
        return if errors.is_empty() { EXIT_CLEAN } else { EXIT_ERROR };
    }
    let stdin_fix = args.fix && inputs.iter().any(|(i, _)| *i == Input::Stdin);
    let contexts: Vec<Arc<Context>> = inputs.iter().map(|(_, c)| c.clone()).collect();
    // Only SARIF describes the rules; cloning a thousand rules' metadata
    // for the other formats was a tenth of a small run's start-up.
    let rules = if matches!(args.format, Format::Sarif | Format::Html) && !stdin_fix {
        all_rules(&contexts)
    } else {
        Vec::new()
    };
    // With --diff the diffs are the output; findings are not reported.
    let mut sink = match (!args.diff).then(|| Sink::new(args, rules, stdin_fix)).transpose() {
        Ok(sink) => sink,
        Err(e) => {
            eprintln!("error: cannot write output: {e}");
            return EXIT_ERROR;
        }
    };
    let mut diffs = Vec::new();
    let mut write_error: Option<io::Error> = None;
    for e in &errors {
        notify(&mut sink, &mut write_error, e, Severity::Error);
    }
    // Files are linted in parallel and reported in input order, each as
    // soon as those before it are; at most a few files per thread wait,
    // so memory follows the largest files, not the size of the corpus.
    in_order::for_each_in_order(
        &inputs,
        4,
        |(input, context)| process(args, input, context),
        |outcome| match outcome {
            Outcome::Linted {
                report,
                context,
                fixed,
                diff,
                error,
            } => {
                if let Some(e) = error {
                    eprintln!("error: {e}");
                    notify(&mut sink, &mut write_error, &e, Severity::Error);
                    errors.push(e);
                }
                if let Some(new_text) = diff {
                    diffs.push((
                        report.source.path().to_string(),
                        report.source.text().to_string(),
                        new_text,
                    ));
                }
                if let Some(sink) = &mut sink
                    && write_error.is_none()
                    && let Err(e) = sink.add(report, &context, fixed)
                {
                    write_error = Some(e);
                }
            }
            Outcome::Skipped(skip) => {
                if !args.quiet {
                    eprintln!("note: {}", skip);
                }
                notify(&mut sink, &mut write_error, &skip, Severity::Info);
            }
            Outcome::Failed(e) => {
                eprintln!("error: {e}");
                notify(&mut sink, &mut write_error, &e, Severity::Error);
                errors.push(e);
            }
        },
    );
    let Some(sink) = sink else {
        return finish_diff(&diffs, &errors);
    };
    let failing = sink.failing;
    let result = match write_error {
        Some(e) => Err(e),
        None => sink.finish(),
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
    } else if failing && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// An input with the configuration that governs it.
pub(super) type Governed = (Input, Arc<Context>);

/// The inputs to lint, each with the configuration that governs it, and
/// the paths that could not be read. A broken configuration is printed and
/// ends the run (the exit code is the error).
pub(super) fn gather(args: &CheckArgs, resolver: &mut Resolver) -> Result<(Vec<Governed>, Vec<InputError>), i32> {
    // Walk directories under the configuration found for each of them.
    let mut config_errors = Vec::new();
    let mut inputs: Vec<(Input, Arc<Context>)> = Vec::new();
    // A file whose configuration is broken is kept here; the error is
    // reported below when its context is resolved again.
    // A walk lints translations; the originals a pairing pattern names are
    // read beside them, not linted as Arabic.
    let force_exclude = args.force_exclude;
    let resolver_cell = std::cell::RefCell::new(&mut *resolver);
    let (found, errors) = inputs::collect(
        &args.paths,
        |file| match resolver_cell.borrow_mut().for_file(file) {
            Ok(context) => {
                context.filter.accepts(file)
                    && !context
                        .source_pattern
                        .as_deref()
                        .is_some_and(|p| crate::bilingual::pairing::is_original(file, p))
            }
            Err(_) => true,
        },
        |file| {
            force_exclude
                && resolver_cell
                    .borrow_mut()
                    .for_file(file)
                    .is_ok_and(|context| context.filter.excludes(file))
        },
    );
    if args.source.is_some() && found.len() != 1 {
        eprintln!(
            "error: --source names the original of one translation, but {} inputs were given; use --source-pattern for many",
            found.len()
        );
        return Err(EXIT_ERROR);
    }
    for input in found {
        let context = match &input {
            Input::Stdin => resolver.for_path(args.stdin_filename.as_deref()),
            Input::File(p) => resolver.for_file(p),
        };
        match context {
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
        return Err(EXIT_ERROR);
    }
    Ok((inputs, errors))
}

/// Tells the sink (if findings are being reported) about an input that was
/// not linted; the first failure to write is kept for the exit status.
fn notify(sink: &mut Option<Sink>, write_error: &mut Option<io::Error>, input: &InputError, severity: Severity) {
    if let Some(sink) = sink
        && let Err(e) = sink.notify(input, severity)
    {
        write_error.get_or_insert(e);
    }
}

/// Where reports go as they are produced.
struct Sink<'a> {
    args: &'a CheckArgs,
    rules: Vec<RuleInfo>,
    out: Out,
    format: Format,
    /// The array of `--format json`, streamed.
    json: json::JsonArray,
    totals: human::Totals,
    /// Kept whole only for formats that need every finding at the end.
    kept: Vec<FileReport>,
    /// Inputs that could not be read, written or linted, for SARIF.
    notifications: Vec<Notification>,
    fixed: usize,
    fixed_files: usize,
    safe_fixable: usize,
    unsafe_fixable: usize,
    failing: bool,
}

impl<'a> Sink<'a> {
    fn new(args: &'a CheckArgs, rules: Vec<RuleInfo>, stdin_fix: bool) -> io::Result<Sink<'a>> {
        // With `--fix -` the fixed text goes to stdout and findings to stderr.
        let (out, format) = if stdin_fix {
            (
                Out::Stream(BufferedStandardStream::stderr(ColorChoice::Never)),
                Format::Concise,
            )
        } else if args.output_file.is_some() {
            (Out::File(Buffer::no_color()), args.format)
        } else {
            (
                Out::Stream(BufferedStandardStream::stdout(color_choice(args.color))),
                args.format,
            )
        };
        let mut sink = Sink {
            args,
            rules,
            out,
            format,
            json: json::JsonArray::default(),
            totals: human::Totals::default(),
            kept: Vec::new(),
            notifications: Vec::new(),
            fixed: 0,
            fixed_files: 0,
            safe_fixable: 0,
            unsafe_fixable: 0,
            failing: false,
        };
        if sink.streams() && format == Format::Json {
            sink.json.begin(sink.out.writer())?;
        }
        Ok(sink)
    }

    /// SARIF, HTML and --statistics need every finding before writing anything.
    fn streams(&self) -> bool {
        !self.args.statistics && !matches!(self.format, Format::Sarif | Format::Html)
    }

    fn add(&mut self, mut report: FileReport, context: &Context, fixed: usize) -> io::Result<()> {
        if let Some(min) = self.args.min_severity {
            let min: crate::diagnostic::Severity = min.into();
            report.diagnostics.retain(|d| d.severity >= min);
        }
        self.fixed += fixed;
        self.fixed_files += usize::from(fixed > 0);
        self.totals.add(&report);
        for d in &report.diagnostics {
            match d.fix.as_ref().map(|f| f.applicability) {
                Some(Applicability::Safe) => self.safe_fixable += 1,
                Some(Applicability::Unsafe) => self.unsafe_fixable += 1,
                None => {}
            }
            self.failing |= d.severity >= context.settings.fail_on;
        }
        if !self.streams() {
            self.kept.push(report);
            return Ok(());
        }
        let reports = std::slice::from_ref(&report);
        match self.format {
            Format::Human => human::write_diagnostics(reports, self.out.writer()),
            Format::Json => self.json.push_reports(self.out.writer(), reports),
            other => write_report(other, reports, &self.rules, self.out.writer()),
        }
    }

    /// An input that is not reported by findings: machine formats carry it
    /// (SARIF as a tool execution notification, GitHub as an annotation on
    /// the file), so a file that was not checked never looks clean there.
    fn notify(&mut self, input: &InputError, severity: Severity) -> io::Result<()> {
        let notification = Notification {
            path: input.path.clone(),
            message: input.message.clone(),
            severity,
        };
        match self.format {
            Format::Github if !self.args.statistics => {
                github::write_github_notification(&notification, self.out.writer())
            }
            Format::Sarif | Format::Html => {
                self.notifications.push(notification);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn finish(mut self) -> io::Result<()> {
        let summary = self.fix_summary();
        let human = self.format == Format::Human && !self.args.statistics;
        if self.args.statistics {
            statistics::write_statistics(&self.kept, self.format, self.out.writer())?;
        } else if self.format == Format::Sarif {
            sarif::write_sarif(&self.kept, &self.rules, &self.notifications, self.out.writer())?;
        } else if self.format == Format::Html {
            html::write_html(&self.kept, &self.rules, &self.notifications, self.out.writer())?;
        } else if self.format == Format::Json {
            std::mem::take(&mut self.json).finish(self.out.writer())?;
        }
        if human && !self.args.quiet {
            writeln!(self.out.writer(), "{}", human::summary(self.totals))?;
            if let Some(s) = &summary {
                writeln!(self.out.writer(), "{s}")?;
            }
        }
        self.out.writer().flush()?;
        if let (Some(path), Out::File(buffer)) = (&self.args.output_file, &self.out) {
            write_atomic(path, buffer.as_slice())
                .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        }
        if !human
            && !self.args.quiet
            && let Some(s) = summary
        {
            eprintln!("{s}");
        }
        Ok(())
    }

    /// One line on fixes: how many were applied, how many more are available.
    fn fix_summary(&self) -> Option<String> {
        let mut parts = Vec::new();
        if self.args.fix && self.fixed == 0 {
            parts.push("nothing to fix".to_string());
        } else if self.args.fix {
            parts.push(format!(
                "fixed {} in {}",
                plural(self.fixed, "finding"),
                plural(self.fixed_files, "file")
            ));
        } else if self.safe_fixable > 0 {
            parts.push(format!("{} fixable with --fix", self.safe_fixable));
        }
        if self.unsafe_fixable > 0 && !self.args.unsafe_fixes {
            parts.push(format!("{} more with --fix --unsafe-fixes", self.unsafe_fixable));
        }
        (!parts.is_empty()).then(|| parts.join("; "))
    }
}

pub(super) fn process(args: &CheckArgs, input: &Input, context: &Arc<Context>) -> Outcome {
    let source = match inputs::read(input, args.max_file_size) {
        Ok(Content::Text(source)) => source,
        Ok(Content::Binary) => {
            return Outcome::Skipped(InputError {
                path: input.display(),
                message: "binary file skipped".to_string(),
            });
        }
        Ok(Content::TooLarge(size)) => {
            return Outcome::Skipped(InputError {
                path: input.display(),
                message: format!(
                    "skipped, larger than --max-file-size ({} bytes > {} bytes)",
                    size, args.max_file_size
                ),
            });
        }
        Err(e) => return Outcome::Failed(e),
    };
    let path = match input {
        Input::File(p) => Some(p.as_path()),
        Input::Stdin => args.stdin_filename.as_deref(),
    };
    // Standard input named by --stdin-filename is reported under that name.
    let source = match (input, path) {
        (Input::Stdin, Some(name)) => crate::source::SourceFile::new(name.display().to_string(), source.text()),
        _ => source,
    };
    let markup = path.map_or(Markup::Plain, Markup::of_path);
    let linter = Linter {
        engine: &context.engine,
        settings: &context.settings,
    };
    // The English original, when one is asked for. Missing or unreadable,
    // it is an error, and the translation is still linted on its own.
    let original_path = args.source.clone().or_else(|| {
        let pattern = context.source_pattern.as_deref()?;
        path.map(|p| crate::bilingual::pairing::source_for(p, pattern))
    });
    let (original, original_error) = match &original_path {
        None => (None, None),
        Some(p) => match inputs::read(&Input::File(p.clone()), args.max_file_size) {
            Ok(Content::Text(text)) => (Some(text), None),
            Ok(_) => (
                None,
                Some(InputError {
                    path: input.display(),
                    message: format!("the original {} is not a text file; checked without it", p.display()),
                }),
            ),
            Err(e) => (
                None,
                Some(InputError {
                    path: input.display(),
                    message: format!(
                        "cannot read the original {} ({}); checked without it",
                        p.display(),
                        e.message
                    ),
                }),
            ),
        },
    };
    let original = original.as_ref();
    // An exchange file must parse; a unit without a target is an error of
    // the file (its other units are still checked).
    let original_error = match markup.exchange() {
        None => original_error,
        Some(format) => match crate::markup::exchange::parse(source.text(), format) {
            Err(e) => {
                let at = source.line_col(e.offset.min(source.text().len()));
                return Outcome::Failed(InputError {
                    path: input.display(),
                    message: format!(
                        "malformed XML at line {}, column {}: {}; not linted",
                        at.line, at.column, e.message
                    ),
                });
            }
            Ok(units) => {
                let missing: Vec<String> = units
                    .iter()
                    .filter(|u| u.target.is_none())
                    .map(|u| format!("«{}» (line {})", u.id, source.line_col(u.at).line))
                    .collect();
                let shown = missing.iter().take(5).cloned().collect::<Vec<_>>().join(", ");
                let more = missing.len().saturating_sub(5);
                let message = (!missing.is_empty()).then(|| {
                    format!(
                        "{} without a target: {shown}{}",
                        crate::output::human::plural(missing.len(), "unit"),
                        if more > 0 {
                            format!(" and {more} more")
                        } else {
                            String::new()
                        }
                    )
                });
                match (original_error, message) {
                    (e, None) => e,
                    (None, Some(message)) => Some(InputError {
                        path: input.display(),
                        message,
                    }),
                    (Some(e), Some(message)) => Some(InputError {
                        message: format!("{}; {message}", e.message),
                        ..e
                    }),
                }
            }
        },
    };
    let linted = |source, diagnostics, fixed, diff, error| Outcome::Linted {
        report: FileReport { source, diagnostics },
        context: context.clone(),
        fixed,
        diff,
        error,
    };
    if !(args.fix || args.diff) {
        let diagnostics = linter.lint_with(&source, markup, path, original);
        return linted(source, diagnostics, 0, None, original_error);
    }
    let fixed = linter.fix_with(&source, markup, path, original, args.unsafe_fixes);
    if !fixed.settled {
        // Writing a half-settled text would leave a second run something
        // to change; report the findings of the text as it is.
        let diagnostics = linter.lint_with(&source, markup, path, original);
        let error = InputError {
            path: input.display(),
            message: "the fixes did not settle (each pass changed the text again); nothing was changed. This is a bug in mtlint's rules: please report it with the file".to_string(),
        };
        return linted(source, diagnostics, 0, None, Some(error));
    }
    let changed = fixed.text != source.text();
    if args.diff {
        let diff = changed.then(|| fixed.text.clone());
        return linted(source, fixed.remaining, fixed.applied, diff, original_error);
    }
    let written = match input {
        Input::Stdin => write_stdout(fixed.text.as_bytes()).map_err(|e| InputError {
            path: input.display(),
            message: format!("cannot write the fixed text to standard output: {e}"),
        }),
        Input::File(p) if changed => {
            let options = ReplaceOptions { force: args.force };
            replace_checked(p, source.text().as_bytes(), fixed.text.as_bytes(), options).map_err(|e| InputError {
                path: input.display(),
                message: format!("cannot write the fixed file (left unchanged): {e}"),
            })
        }
        Input::File(_) => Ok(()),
    };
    match written {
        Ok(()) => linted(
            crate::source::SourceFile::new(source.path(), fixed.text),
            fixed.remaining,
            fixed.applied,
            None,
            original_error,
        ),
        // Nothing was fixed on disk: every finding of the file as it is
        // stays in the report.
        Err(error) => {
            let diagnostics = linter.lint_with(&source, markup, path, original);
            linted(source, diagnostics, 0, None, Some(error))
        }
    }
}

/// The input's name as printed for people.
fn shown(input: &Input) -> String {
    crate::output::shown_path(&input.display()).into_owned()
}

/// Rule metadata of every engine used, once per id.
fn all_rules(contexts: &[Arc<Context>]) -> Vec<RuleInfo> {
    let mut seen_configs = std::collections::HashSet::new();
    let mut seen_ids = std::collections::HashSet::new();
    let mut rules = Vec::new();
    for c in contexts {
        if seen_configs.insert(c.config_path.clone()) {
            for r in c.engine.rules() {
                if seen_ids.insert(r.id.clone()) {
                    rules.push(r.clone());
                }
            }
        }
    }
    rules
}

fn finish_diff(diffs: &[(String, String, String)], errors: &[InputError]) -> i32 {
    let mut text = String::new();
    for (path, old, new) in diffs {
        let diff = similar::TextDiff::from_lines(old.as_str(), new.as_str());
        let path = crate::output::shown_path(path);
        let unified = diff
            .unified_diff()
            .context_radius(2)
            .header(&format!("a/{path}"), &format!("b/{path}"))
            .to_string();
        text.push_str(&shown_diff(&unified));
    }
    if let Err(e) = write_stdout(text.as_bytes()) {
        eprintln!("error: cannot write output: {e}");
        return EXIT_ERROR;
    }
    if !errors.is_empty() {
        EXIT_ERROR
    } else if diffs.is_empty() {
        EXIT_CLEAN
    } else {
        EXIT_FINDINGS
    }
}

/// A diff as shown to people: line structure kept, but control, bidi and
/// invisible characters written as `<U+XXXX>` (as the human output does),
/// so the article cannot drive the terminal or reorder a line.
fn shown_diff(diff: &str) -> String {
    diff.split_inclusive('\n')
        .map(|line| {
            let (body, end) = match line.strip_suffix("\r\n") {
                Some(body) => (body, "\r\n"),
                None => line.strip_suffix('\n').map_or((line, ""), |body| (body, "\n")),
            };
            let body: String = body
                .split('\t')
                .map(|part| crate::arabic::script::printable(part).into_owned())
                .collect::<Vec<_>>()
                .join("\t");
            body + end
        })
        .collect()
}

pub(super) fn color_choice(when: ColorWhen) -> ColorChoice {
    // An explicit --color always wins over NO_COLOR, as in ruff and ripgrep.
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if no_color() => ColorChoice::Never,
        ColorWhen::Auto if io::stdout().is_terminal() => ColorChoice::Auto,
        ColorWhen::Auto => ColorChoice::Never,
    }
}

/// Standard output or error, or the buffer of `--output-file` (written
/// atomically at the end).
enum Out {
    Stream(BufferedStandardStream),
    File(Buffer),
}

impl Out {
    fn writer(&mut self) -> &mut dyn WriteColor {
        match self {
            Out::Stream(s) => s,
            Out::File(b) => b,
        }
    }
}
